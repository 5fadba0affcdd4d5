import { loadOrders } from "../loaders/order.js";
import { ORDER_STATUSES } from "../resolvers/order-status.js";
import { toOrder, type Address, type Order, type OrderItem } from "../resolvers/order.js";
import { pagedConnection } from "../resolvers/paging.js";
import { skuKey } from "../resolvers/product.js";
import { builder } from "./builder.js";
import { MoneyRef } from "./money.js";
import { ProductRef, SkuRef } from "./product.js";

/** Order (HyperSKU customer order), its items and address, node lookup and the orders listing. */

export const OrderRef = builder.loadableNodeRef<Order, string, string>("Order", {
  id: { resolve: (o) => o.id },
  load: (ids, ctx) => loadOrders(ids, ctx),
  cacheResolved: (o) => o.id,
});

export const OrderStatusEnum = builder.enumType("OrderStatus", {
  description: "HyperSKU order status, normalized. `UNKNOWN` for a code this API does not know yet; `statusCode` has the raw value.",
  values: [...Object.values(ORDER_STATUSES).map((s) => s.status), "UNKNOWN"] as const,
});

export const AddressRef = builder.objectRef<Address>("Address").implement({
  description: "A postal address as HyperSKU stores it.",
  fields: (t) => ({
    firstName: t.exposeString("firstName"),
    lastName: t.exposeString("lastName"),
    line1: t.exposeString("line1"),
    line2: t.exposeString("line2", { nullable: true }),
    city: t.exposeString("city", { nullable: true }),
    province: t.exposeString("province", { nullable: true }),
    postalCode: t.exposeString("postalCode", { nullable: true }),
    countryCode: t.exposeString("countryCode", { description: "ISO 3166-1 alpha-2." }),
    countryName: t.exposeString("countryName", { nullable: true }),
    phone: t.exposeString("phone", { nullable: true }),
    email: t.exposeString("email", { nullable: true }),
  }),
});

export const OrderItemRef = builder.objectRef<OrderItem>("OrderItem").implement({
  description: "One line of an order.",
  fields: (t) => ({
    itemId: t.exposeString("id"),
    title: t.exposeString("title"),
    attributes: t.exposeString("attributes", { nullable: true, description: "As HyperSKU renders them, e.g. `Color: Red; Size: M`." }),
    imageUrl: t.exposeString("imageUrl", { nullable: true }),
    quantity: t.exposeInt("quantity"),
    unitPrice: t.field({ type: MoneyRef, resolve: (i) => i.unitPrice }),
    weightGrams: t.exposeInt("weightGrams", { nullable: true }),
    fromMerchantStock: t.exposeBoolean("fromMerchantStock", { description: "Filled from the merchant's own inventory." }),
    sku: t.field({ type: SkuRef, nullable: true, resolve: (i) => skuKey({ productId: i.productId, id: i.skuId }) }),
    product: t.field({ type: ProductRef, nullable: true, resolve: (i) => i.productId }),
  }),
});

OrderRef.implement({
  description: "A HyperSKU dropshipping order. `delivery` follows it to SuperShip by store order id.",
  fields: (t) => ({
    orderId: t.exposeString("id", { description: "HyperSKU's order id." }),
    storeOrderId: t.exposeString("storeOrderId", { description: "The merchant's store order id (SuperShip `soc`)." }),
    storeOrderName: t.exposeString("storeOrderName", { nullable: true }),
    status: t.field({ type: OrderStatusEnum, resolve: (o) => o.status }),
    statusCode: t.exposeInt("statusCode", { description: "HyperSKU's raw status code." }),
    statusLabel: t.exposeString("statusLabel", { nullable: true }),
    items: t.field({ type: [OrderItemRef], resolve: (o) => o.items }),
    shippingAddress: t.field({ type: AddressRef, nullable: true, resolve: (o) => o.shippingAddress }),
    subtotal: t.field({ type: MoneyRef, resolve: (o) => o.subtotal }),
    shippingFee: t.field({ type: MoneyRef, resolve: (o) => o.shippingFee }),
    total: t.field({ type: MoneyRef, resolve: (o) => o.total }),
    logisticsName: t.exposeString("logisticsName", { nullable: true, description: "The shipping channel chosen at creation." }),
    createdAt: t.field({ type: "DateTime", resolve: (o) => o.createdAt }),
    paidAt: t.field({ type: "DateTime", nullable: true, resolve: (o) => o.paidAt }),
    updatedAt: t.field({ type: "DateTime", nullable: true, resolve: (o) => o.updatedAt }),
  }),
});

builder.queryFields((t) => ({
  orders: t.connection(
    {
      type: OrderRef,
      description: "The merchant's HyperSKU orders, newest first (getOrderInfos).",
      args: { status: t.arg({ type: OrderStatusEnum, required: false, description: "Only orders in this status." }) },
      resolve: (_, args, ctx) =>
        pagedConnection(args, async (page, limit) => {
          const code = Object.entries(ORDER_STATUSES).find(([, s]) => s.status === args.status)?.[0];
          const res = await ctx.hypersku.getOrderInfos({ page, limit, status: code === undefined ? undefined : Number(code) });
          return { total: res.total, rows: res.rows.map(toOrder) };
        }),
    },
    { fields: (c) => ({ totalCount: c.exposeInt("totalCount", { description: "Rows in the whole listing, as the provider counts them." }) }) },
  ),
  order: t.field({
    type: OrderRef,
    nullable: true,
    description: "One order by HyperSKU order id.",
    args: { orderId: t.arg.string() },
    resolve: (_, { orderId }) => orderId,
  }),
}));
