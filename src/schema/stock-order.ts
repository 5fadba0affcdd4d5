import { STOCK_ORDER_STATUSES } from "../domain/stock-order-status.js";
import { stockOrderLoading } from "../loaders/stock-order.js";
import type { StockOrder } from "../providers/hypersku/schemas/stock-order.js";
import { skuKey } from "../resolvers/product.js";
import { listStockOrders } from "../resolvers/stock-order.js";
import { builder } from "./builder.js";
import { MoneyRef } from "./money.js";
import { SkuRef } from "./product.js";

/** StockOrder (a bulk purchase that stocks the merchant's inventory), its node lookup and listing. */

export const StockOrderRef = builder.loadableNodeRef<StockOrder, string, string>("StockOrder", {
  id: { resolve: (s) => s.id },
  ...stockOrderLoading,
  cacheResolved: (s) => s.id,
});

export const StockOrderStatusEnum = builder.enumType("StockOrderStatus", {
  description:
    "A stock order's state, normalized. The provider's codes are inferred, not documented: `UNKNOWN` for a code this API does not know; `statusCode` has the raw value.",
  values: [...Object.values(STOCK_ORDER_STATUSES), "UNKNOWN"] as const,
});

const StockOrderItemRef = builder.objectRef<StockOrder["items"][number]>("StockOrderItem").implement({
  description: "One SKU bought by a stock order.",
  fields: (t) => ({
    sku: t.field({ type: SkuRef, resolve: (i) => skuKey({ productId: i.productId, id: i.skuId }) }),
    quantity: t.exposeInt("quantity", { description: "Units ordered." }),
    receivedQuantity: t.exposeInt("receivedQuantity", { description: "Units received into the warehouse so far." }),
  }),
});

StockOrderRef.implement({
  description: "A stock-up order: a bulk purchase HyperSKU makes to fill the merchant's own inventory.",
  fields: (t) => ({
    stockOrderId: t.exposeString("id", { description: "HyperSKU's stock order id." }),
    status: t.expose("status", { type: StockOrderStatusEnum }),
    statusCode: t.exposeInt("statusCode", { nullable: true, description: "HyperSKU's raw status code; null when the answer has none (the stock-order shape is inferred)." }),
    amount: t.expose("amount", { type: MoneyRef, nullable: true, description: "What the purchase costs the merchant; null when the answer has no amount." }),
    items: t.expose("items", { type: [StockOrderItemRef] }),
    createdAt: t.expose("createdAt", { type: "DateTime", nullable: true, description: "Null when the answer has no creation time." }),
    arrivedAt: t.expose("arrivedAt", { type: "DateTime", nullable: true, description: "When the goods were stocked in; null until then." }),
  }),
});

builder.queryField("stockOrders", (t) =>
  t.connection(
    {
      type: StockOrderRef,
      description: "The merchant's stock orders, newest first (getStockOrderInfo). Null only with an error at this path.",
      // Nullable: a provider failure is an error at this path while sibling fields still resolve.
      nullable: true,
      resolve: (_, args, ctx) => listStockOrders(ctx, args),
    },
    { fields: (c) => ({ totalCount: c.exposeInt("totalCount", { description: "Rows in the whole listing, as the provider counts them." }) }) },
  ),
);
