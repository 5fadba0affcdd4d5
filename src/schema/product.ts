import { z } from "zod";
import { NotFoundError } from "../domain/errors.js";
import { loadedProducts, productLoading } from "../loaders/product.js";
import type { Product, Sku } from "../providers/hypersku/schemas/product.js";
import { nullIfNotFound } from "../resolvers/inventory.js";
import { findProduct, listProducts, parseSkuKey, priceRange, skuKey } from "../resolvers/product.js";
import { quoteShipping } from "../resolvers/shipping-option.js";
import { countryCode, quantity } from "../resolvers/validation.js";
import { builder } from "./builder.js";
import { InventoryRef } from "./inventory.js";
import { MoneyRef } from "./money.js";
import { OPTIONS_DESCRIPTION, ShippingOptionRef } from "./shipping-option.js";

/** Product (HyperSKU SPU) and Sku, their node lookups, and the merchant's product catalogue. */

export const ProductRef = builder.loadableNodeRef<Product, string, string>("Product", {
  id: { resolve: (p) => p.id },
  ...productLoading,
  cacheResolved: (p) => p.id,
});

/** Keyed `<productId>:<skuId>`: HyperSKU has no SKU lookup, so a SKU loads through its product. */
export const SkuRef = builder.loadableNodeRef<Sku, string, string>("Sku", {
  id: { resolve: (s) => skuKey(s) },
  load: (keys, ctx) =>
    Promise.all(
      keys.map(async (key) => {
        const parsed = parseSkuKey(key);
        if (!parsed) return new NotFoundError("Sku", key);
        try {
          const product = await ProductRef.getDataloader(ctx).load(parsed.productId);
          return product.skus.find((s) => s.id === parsed.skuId) ?? new NotFoundError("Sku", key);
        } catch (e) {
          return skuFailure(e, key);
        }
      }),
    ),
  cacheResolved: (s) => skuKey(s),
});

/**
 * A SKU's failed load as an error object of its own. The product loader's error (not found, a
 * provider failure) is also the Product node's result when one query asks for both, e.g.
 * `{ p: node(id: <Product 999>) s: node(id: <Sku 999:1>) }`, and Pothos relay brands each node
 * result with its type as a non-configurable property: the same object branded Product, then
 * Sku, threw "Cannot redefine property: Symbol(Pothos.typeBrandKey)".
 */
function skuFailure(e: unknown, key: string): Error {
  if (e instanceof NotFoundError) return new NotFoundError("Sku", key);
  if (!(e instanceof Error)) return new Error(String(e));
  // Same class and fields (code, provider, endpoint…), so the masking still sees the typed error.
  return Object.assign(Object.create(Object.getPrototypeOf(e)) as Error, e, { message: e.message, stack: e.stack });
}

const PriceRangeRef = builder.objectRef<{ min: Product["skus"][number]["price"]; max: Product["skus"][number]["price"] }>("PriceRange").implement({
  description: "The lowest and the highest price among a product's SKUs.",
  fields: (t) => ({
    min: t.expose("min", { type: MoneyRef }),
    max: t.expose("max", { type: MoneyRef }),
  }),
});

const SkuAttributeRef = builder.objectRef<Sku["attributes"][number]>("SkuAttribute").implement({
  description: "A variant dimension, e.g. Color: Red.",
  fields: (t) => ({ name: t.exposeString("name"), value: t.exposeString("value") }),
});

ProductRef.implement({
  description: "A product (SPU) in the merchant's HyperSKU catalogue, with its SKUs (variants).",
  fields: (t) => ({
    productId: t.exposeString("id", { description: "HyperSKU's product id." }),
    title: t.exposeString("title"),
    description: t.exposeString("description", { nullable: true, description: "May contain HTML, as HyperSKU stores it." }),
    images: t.exposeStringList("images", { description: "Image URLs, main image first." }),
    category: t.exposeString("category", { nullable: true }),
    skus: t.expose("skus", { type: [SkuRef] }),
    priceRange: t.field({ type: PriceRangeRef, nullable: true, resolve: (p) => priceRange(p) }),
    shippingOptions: t.field({
      type: [ShippingOptionRef],
      nullable: true,
      description: `Channels for \`quantity\` units of the product's first SKU to \`countryCode\` (ISO 3166-1 alpha-2). ${OPTIONS_DESCRIPTION}`,
      args: {
        countryCode: t.arg.string({ validate: countryCode }),
        quantity: t.arg.int({ required: false, defaultValue: 1, validate: quantity.nullish() }),
      },
      resolve: (p, args, ctx, info) => {
        const first = p.skus[0];
        return quoteShipping(ctx, info, args.countryCode, first ? [{ skuId: first.id, quantity: args.quantity ?? 1 }] : []);
      },
    }),
  }),
});

SkuRef.implement({
  description: "A sellable variant of a product: its price, weight and attributes.",
  fields: (t) => ({
    skuId: t.exposeString("id", { description: "HyperSKU's SKU id." }),
    code: t.exposeString("code", { nullable: true }),
    price: t.expose("price", { type: MoneyRef }),
    weightGrams: t.exposeInt("weightGrams"),
    imageUrl: t.exposeString("imageUrl", { nullable: true }),
    attributes: t.expose("attributes", { type: [SkuAttributeRef] }),
    product: t.field({ type: ProductRef, resolve: (s, _, ctx) => loadedProducts(ctx).get(s.productId) ?? s.productId }),
    inventory: t.field({
      type: InventoryRef,
      nullable: true,
      description: "The merchant's stock of this SKU; null when the merchant holds none. Batched: one getCustomerInventoryInfo call per 100 SKUs in a query.",
      resolve: (s, _, ctx) => nullIfNotFound(InventoryRef.getDataloader(ctx).load(s.id)),
    }),
    shippingOptions: t.field({
      type: [ShippingOptionRef],
      nullable: true,
      description: `Channels for \`quantity\` units of this SKU to \`countryCode\` (ISO 3166-1 alpha-2). ${OPTIONS_DESCRIPTION}`,
      args: {
        countryCode: t.arg.string({ validate: countryCode }),
        quantity: t.arg.int({ required: false, defaultValue: 1, validate: quantity.nullish() }),
      },
      resolve: (s, args, ctx, info) => quoteShipping(ctx, info, args.countryCode, [{ skuId: s.id, quantity: args.quantity ?? 1 }]),
    }),
  }),
});

builder.queryFields((t) => ({
  products: t.connection(
    {
      type: ProductRef,
      // Nullable: a provider failure is an error at this path while sibling fields still resolve.
      nullable: true,
      description: "The merchant's private products (getPrivateProduct), newest first as HyperSKU orders them.",
      resolve: (_, args, ctx) => listProducts(ctx, args),
    },
    { fields: (c) => ({ totalCount: c.exposeInt("totalCount", { description: "Rows in the whole listing, as the provider counts them." }) }) },
  ),
  product: t.field({
    type: ProductRef,
    nullable: true,
    description: "One product by HyperSKU product id (getProductInfo); null when it does not exist or belongs to another merchant account.",
    args: { productId: t.arg.string({ validate: z.string().min(1) }) },
    resolve: (_, { productId }, ctx) => findProduct(ctx, productId),
  }),
}));
