import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import { GraphQLError, type GraphQLResolveInfo, responsePathAsArray } from "graphql";
import { UnsupportedCountryError } from "../domain/errors.js";
import { ProviderRejectedError } from "../domain/provider-errors.js";
import { loadEach } from "../loaders/batch.js";
import { BUSINESS_CODES } from "../providers/hypersku/endpoints.js";
import type { ShippingOption } from "../providers/hypersku/schemas/logistics.js";
import type { Context } from "./context.js";

/** HyperSKU shipping channels quoted for a set of SKUs to one country (getLogisticsSku, hypersku-api.md §4.7). */

export interface QuoteItem {
  skuId: string;
  quantity: number;
}

/**
 * getLogisticsSku has no batch form: one call per distinct (country, items) in a request, so a
 * SKU quoted twice in one query (e.g. through its product and itself) costs one call.
 */
const quoteLoader = createContextCache(
  (ctx: Context) => new DataLoader<string, ShippingOption[]>((keys) => loadEach(keys, (key) => fetchQuote(ctx, JSON.parse(key) as Quote))),
);

/** The destinations HyperSKU serves, asked at most once per request (only after a failed quote). */
const servedCountries = createContextCache((ctx: Context) => ctx.hypersku.getCountryCode());

interface Quote {
  countryCode: string;
  items: QuoteItem[];
}

async function fetchQuote(ctx: Context, { countryCode, items }: Quote): Promise<ShippingOption[]> {
  try {
    return await ctx.hypersku.getLogisticsSku({ countryCode, skuItems: items.map((i) => ({ skuId: i.skuId, num: i.quantity })) });
  } catch (e) {
    // HyperSKU answers one code (60002, INF) for an unserved country and an unknown SKU alike,
    // so the country list decides which it was; that extra call happens only on this failure.
    if (e instanceof ProviderRejectedError && e.providerCode === String(BUSINESS_CODES.invalidRequest)) {
      const served = await servedCountries(ctx);
      if (!served.some((c) => c.countryCode === countryCode)) throw new UnsupportedCountryError(countryCode);
    }
    throw e;
  }
}

/**
 * The channels HyperSKU offers for these items, cheapest first as it ranks them. An empty list
 * means the country is served but no channel takes the parcel (e.g. over every weight cap).
 * An unserved country is an error at the field's path with code UNSUPPORTED_COUNTRY.
 */
export async function quoteShipping(ctx: Context, info: GraphQLResolveInfo, countryCode: string, items: QuoteItem[]): Promise<ShippingOption[]> {
  if (items.length === 0) return [];
  try {
    return await quoteLoader(ctx).load(JSON.stringify({ countryCode, items: items.map(({ skuId, quantity }) => ({ skuId, quantity })) }));
  } catch (e) {
    if (!(e instanceof UnsupportedCountryError)) throw e;
    // Created on purpose, located here, so error masking lets it through with its path.
    throw new GraphQLError(e.message, {
      nodes: info.fieldNodes,
      path: responsePathAsArray(info.path),
      extensions: { code: e.code, countryCode: e.countryCode },
    });
  }
}
