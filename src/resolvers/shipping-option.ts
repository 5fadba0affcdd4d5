import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from "graphql";
import type { Context } from "../context.js";
import { loadEach } from "../loaders/batch.js";
import { BUSINESS_CODES } from "../providers/hypersku/endpoints.js";
import { ProviderBusinessError } from "../providers/errors.js";
import type { LogisticsResult } from "../providers/hypersku/schemas.js";
import { toMoney, type Money } from "./money.js";

/** HyperSKU shipping channels quoted for a set of SKUs to one country (getLogisticsSku, hypersku-api.md §4.7). */

export interface ShippingOption {
  /** HyperSKU's logisticsId: the value order creation takes as the chosen channel. */
  id: string;
  name: string;
  price: Money;
  minDeliveryDays: number | null;
  maxDeliveryDays: number | null;
}

export interface QuoteItem {
  skuId: string;
  quantity: number;
}

export function toShippingOption(dto: LogisticsResult["logisticsList"][number]): ShippingOption {
  return {
    id: dto.logisticsId,
    name: dto.logisticsName,
    price: toMoney(dto.freight, dto.currencyCode),
    minDeliveryDays: dto.minDeliveryDays ?? null,
    maxDeliveryDays: dto.maxDeliveryDays ?? null,
  };
}

/** Raised when HyperSKU does not ship to the country asked for: an empty list would read as "no channel fits". */
export class UnsupportedCountryError extends Error {
  override name = "UnsupportedCountryError";
  readonly code = "UNSUPPORTED_COUNTRY";
  constructor(readonly countryCode: string) {
    super(`HyperSKU does not ship to ${countryCode}; the \`countries\` query lists the destinations it serves`);
  }
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
    const res = await ctx.hypersku.getLogisticsSku({ countryCode, skuItems: items.map((i) => ({ skuId: i.skuId, num: i.quantity })) });
    return res.logisticsList.map(toShippingOption);
  } catch (e) {
    // HyperSKU answers one code (60002, INF) for an unserved country and an unknown SKU alike,
    // so the country list decides which it was; that extra call happens only on this failure.
    if (e instanceof ProviderBusinessError && e.providerCode === String(BUSINESS_CODES.invalidRequest)) {
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
