import { z } from "zod";
import type { ShippingOption } from "../providers/hypersku/schemas/logistics.js";
import { quoteShipping } from "../resolvers/shipping-option.js";
import { countryCode, lineItems, quantity } from "../resolvers/validation.js";
import { builder } from "./builder.js";
import { MoneyRef } from "./money.js";

/** ShippingOption (a HyperSKU logistics channel with its quote) and the basket quote; Product and Sku expose their own in product.ts. */

export const ShippingOptionRef = builder.objectRef<ShippingOption>("ShippingOption").implement({
  description: "A HyperSKU shipping channel that takes these items to the destination, with its price.",
  fields: (t) => ({
    id: t.exposeString("id", { description: "HyperSKU's logisticsId: pass it as the shipping option when creating an order." }),
    name: t.exposeString("name"),
    price: t.expose("price", { type: MoneyRef, description: "Freight for the whole quoted parcel." }),
    minDeliveryDays: t.exposeInt("minDeliveryDays", { nullable: true }),
    maxDeliveryDays: t.exposeInt("maxDeliveryDays", { nullable: true }),
  }),
});

export const ShippingItemInput = builder.inputType("ShippingItemInput", {
  description: "One line of a basket to quote.",
  fields: (t) => ({
    skuId: t.string({ description: "HyperSKU's SKU id (`Sku.skuId`).", validate: z.string().min(1) }),
    quantity: t.int({ description: "1 to 1000 units.", validate: quantity }),
  }),
});

// Nullable so that a failed quote (an unserved country, a provider outage) is an error at this
// path only: the product, its SKUs and sibling fields still arrive.
export const OPTIONS_DESCRIPTION =
  "Cheapest first. Empty when the country is served but no channel takes the parcel; null, with an error at this path, when the quote fails (code UNSUPPORTED_COUNTRY for a country HyperSKU does not serve).";

builder.queryField("shippingOptions", (t) =>
  t.field({
    type: [ShippingOptionRef],
    nullable: true,
    description: `Channels for a basket of 1 to 100 lines to \`countryCode\` (ISO 3166-1 alpha-2), quoted as one parcel. ${OPTIONS_DESCRIPTION}`,
    args: {
      countryCode: t.arg.string({ validate: countryCode }),
      items: t.arg({ type: [ShippingItemInput], validate: lineItems }),
    },
    resolve: (_, args, ctx, info) => quoteShipping(ctx, info, args.countryCode, args.items),
  }),
);
