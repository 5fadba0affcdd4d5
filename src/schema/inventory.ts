import { inventoryLoading } from "../loaders/inventory.js";
import type { Inventory } from "../providers/hypersku/schemas/inventory.js";
import { listInventory } from "../resolvers/inventory.js";
import { skuKey } from "../resolvers/product.js";
import { builder } from "./builder.js";
import { SkuRef } from "./product.js";

/** Inventory (the merchant's stock of one SKU in HyperSKU warehouses), Sku.inventory and the inventory listing. */

export const InventoryRef = builder.loadableNodeRef<Inventory, string, string>("Inventory", {
  id: { resolve: (i) => i.skuId },
  ...inventoryLoading,
  cacheResolved: (i) => i.skuId,
});

InventoryRef.implement({
  description: "The merchant's own stock of one SKU, held in HyperSKU warehouses and used to fill orders before buying more.",
  fields: (t) => ({
    skuId: t.exposeString("skuId", { description: "HyperSKU's SKU id." }),
    available: t.exposeInt("available", { description: "Units free to fill new orders." }),
    reserved: t.exposeInt("reserved", { description: "Units locked by orders that have not shipped yet." }),
    inTransit: t.exposeInt("inTransit", { description: "Units bought by stock orders and still on the way to the warehouse." }),
    warehouseName: t.exposeString("warehouseName", { nullable: true }),
    updatedAt: t.expose("updatedAt", { type: "DateTime", nullable: true, description: "Last stock movement." }),
    sku: t.field({ type: SkuRef, resolve: (i) => skuKey({ productId: i.productId, id: i.skuId }) }),
  }),
});

builder.queryField("inventory", (t) =>
  t.connection(
    {
      type: InventoryRef,
      description: "Every SKU the merchant holds stock of (getInventoryInfo), by SKU id. Null only with an error at this path.",
      // Nullable: a provider failure is an error at this path while sibling fields still resolve.
      nullable: true,
      resolve: (_, args, ctx) => listInventory(ctx, args),
    },
    { fields: (c) => ({ totalCount: c.exposeInt("totalCount", { description: "Rows in the whole listing, as the provider counts them." }) }) },
  ),
);
