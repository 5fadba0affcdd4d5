import { NotFoundError } from "../domain/errors.js";
import { INVENTORY_MOVEMENT_TYPES } from "../domain/inventory-movement.js";
import { mayHaveParcels, ORDER_STATUSES } from "../domain/order-status.js";
import { prefetch } from "../loaders/batch.js";
import { deliveriesBySoc, liveDeliveriesBySoc } from "../loaders/delivery.js";
import { loadParcels } from "../loaders/international-shipment.js";
import { loadInventoryHistory } from "../loaders/inventory-history.js";
import { orderLoading } from "../loaders/order.js";
import type { Address, Order, OrderItem } from "../providers/hypersku/schemas/order.js";
import { deliveriesOfSoc } from "../resolvers/delivery.js";
import { parcelsOfOrder } from "../resolvers/international-shipment.js";
import { findOrderByStoreOrderId, type InventoryMovement, listOrders, orderLookupKey, toInventoryMovements, usesMerchantStock } from "../resolvers/order.js";
import { skuKey } from "../resolvers/product.js";
import { builder } from "./builder.js";
import { DeliveryRef, LIVE_ARG } from "./delivery.js";
import { InventoryRef } from "./inventory.js";
import { MoneyRef } from "./money.js";
import { ProductRef, SkuRef } from "./product.js";
import { selectsField, selectsPath } from "./selection.js";
import { ShipmentRef } from "./shipment.js";

/**
 * Order (HyperSKU customer order): its items, address and stock movements, node lookup, the
 * orders listing, and the order mutations (createOrder, cancelOrder, updateOrderAddress).
 * Order.shipments are the international legs (international-shipment.ts), Order.delivery the
 * SuperShip one (delivery.ts).
 */

export const OrderRef = builder.loadableNodeRef<Order, string, string>("Order", {
  id: { resolve: (o) => o.id },
  ...orderLoading,
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
    unitPrice: t.expose("unitPrice", { type: MoneyRef }),
    weightGrams: t.exposeInt("weightGrams", { nullable: true }),
    fromMerchantStock: t.exposeBoolean("fromMerchantStock", { description: "Filled from the merchant's own inventory." }),
    sku: t.field({
      type: SkuRef,
      nullable: true,
      resolve: (i, _, ctx, info) => {
        // A SKU loads through its product, so `sku { inventory }` would wait a level for it;
        // the item already has the SKU id: start the (batched, cached) stock load now.
        if (selectsField(info, "inventory"))
          InventoryRef.getDataloader(ctx)
            .load(i.skuId)
            .catch(() => undefined);
        return skuKey({ productId: i.productId, id: i.skuId });
      },
    }),
    product: t.field({ type: ProductRef, nullable: true, resolve: (i) => i.productId }),
  }),
});

const InventoryMovementTypeEnum = builder.enumType("InventoryMovementType", {
  description:
    "Why stock moved: LOCK reserves it for an order, DEDUCT consumes it when the parcel ships, RELEASE returns it when the order will not ship, INBOUND adds stock. `UNKNOWN` for a type this API does not know; `rawType` has it.",
  values: INVENTORY_MOVEMENT_TYPES,
});

const InventoryMovementRef = builder.objectRef<InventoryMovement>("InventoryMovement").implement({
  description: "One change of the merchant's stock of a SKU caused by an order.",
  fields: (t) => ({
    movementId: t.exposeString("id", { description: "HyperSKU's id of the movement." }),
    type: t.expose("type", { type: InventoryMovementTypeEnum }),
    rawType: t.exposeString("rawType", { description: "The type as HyperSKU sent it." }),
    quantityChange: t.exposeInt("quantityChange", { description: "Units added to (positive) or taken from (negative) the available quantity." }),
    balance: t.exposeInt("balance", { nullable: true, description: "Available quantity after the movement." }),
    sku: t.field({ type: SkuRef, nullable: true, resolve: (m) => (m.productId ? skuKey({ productId: m.productId, id: m.skuId }) : null) }),
    occurredAt: t.expose("occurredAt", { type: "DateTime" }),
  }),
});

OrderRef.implement({
  description: "A HyperSKU dropshipping order. `delivery` follows it to SuperShip by store order id.",
  fields: (t) => ({
    orderId: t.exposeString("id", { description: "HyperSKU's order id." }),
    storeOrderId: t.exposeString("storeOrderId", { description: "The merchant's store order id (SuperShip `soc`)." }),
    storeOrderName: t.exposeString("storeOrderName", { nullable: true }),
    status: t.expose("status", { type: OrderStatusEnum }),
    statusCode: t.exposeInt("statusCode", { description: "HyperSKU's raw status code." }),
    statusLabel: t.exposeString("statusLabel", { nullable: true }),
    items: t.expose("items", { type: [OrderItemRef] }),
    shippingAddress: t.expose("shippingAddress", { type: AddressRef, nullable: true }),
    subtotal: t.expose("subtotal", { type: MoneyRef }),
    shippingFee: t.expose("shippingFee", { type: MoneyRef }),
    total: t.expose("total", { type: MoneyRef }),
    shippingOptionId: t.exposeString("logisticsId", {
      nullable: true,
      description: "The HyperSKU shipping channel (logisticsId) chosen at creation: what `createOrder` takes as `shippingOptionId`.",
    }),
    logisticsName: t.exposeString("logisticsName", { nullable: true, description: "The shipping channel chosen at creation." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    paidAt: t.expose("paidAt", { type: "DateTime", nullable: true }),
    updatedAt: t.expose("updatedAt", { type: "DateTime", nullable: true }),
    inventoryHistory: t.field({
      type: [InventoryMovementRef],
      // Nullable so that a failed provider call nulls only this field, not the order around it.
      nullable: true,
      description:
        "Stock movements this order caused in the merchant's inventory, oldest first (getInventoryHistoryByOrderId). Empty, with no provider call, when no line is filled from merchant stock. Null only with an error at this path.",
      resolve: async (o, _, ctx) => (usesMerchantStock(o) ? toInventoryMovements(await loadInventoryHistory(ctx, o.id), o) : []),
    }),
    shipments: t.field({
      type: [ShipmentRef],
      // Nullable so that a failed provider call nulls only this field, not the order (and listing) around it.
      nullable: true,
      description:
        "The order's international parcels (internationalLogisticsInfo, one call per distinct order). Empty, with no provider call, while the order is in a pre-shipment status. Null only with an error at this path.",
      // PRE_SHIPMENT_CODES (domain/order-status.ts): no parcel can exist before the order leaves the warehouse.
      resolve: async (order, _, ctx) => (mayHaveParcels(order.statusCode) ? parcelsOfOrder(order.id, await loadParcels(ctx, order.storeOrderId)) : []),
    }),
    delivery: t.field({
      type: DeliveryRef,
      nullable: true,
      description:
        "The newest SuperShip delivery whose `senderOrderCode` is this order's `storeOrderId`; null when there is none. One SuperShip call per distinct order (no batch form), none while the delivery cache's entry is fresh (README: Delivery cache).",
      args: { live: t.arg.boolean(LIVE_ARG) },
      resolve: async (o, { live }, ctx) => {
        const delivery = await (live ? liveDeliveriesBySoc : deliveriesBySoc)(ctx).load(o.storeOrderId);
        if (delivery) DeliveryRef.getDataloader(ctx).prime(delivery.code, delivery);
        return delivery;
      },
    }),
    deliveries: t.field({
      type: [DeliveryRef],
      // Nullable so that a failed provider call nulls only this field, not the order around it.
      nullable: true,
      description:
        "Every SuperShip delivery found for this order's `storeOrderId`, newest first: SuperShip answers only the newest per soc, so older ones are those the delivery cache has seen (booked, read or pushed here). The first is `delivery`.",
      resolve: (o, _, ctx) => deliveriesOfSoc(ctx, o.storeOrderId, { byCode: DeliveryRef.getDataloader(ctx), bySoc: deliveriesBySoc(ctx) }),
    }),
  }),
});

builder.queryFields((t) => ({
  orders: t.connection(
    {
      type: OrderRef,
      // Nullable: a provider failure is an error at this path while sibling fields still resolve.
      nullable: true,
      description: "The merchant's HyperSKU orders, newest first (getOrderInfos).",
      args: {
        status: t.arg({ type: OrderStatusEnum, required: false, description: "Only orders in this status." }),
        storeOrderId: t.arg.string({ required: false, description: "Only orders with this store order id (HyperSKU allows several)." }),
      },
      resolve: async (_, args, ctx, info) => {
        const connection = await listOrders(ctx, args);
        // SuperShip has no batch lookup, so a page's deliveries (one call per order) are its
        // longest chain of provider calls: start them before the executor walks the page.
        if (selectsPath(info, ["edges", "node", "delivery"])) {
          await prefetch(() => deliveriesBySoc(ctx).loadMany(connection.edges.map((e) => e.node.storeOrderId)));
        }
        return connection;
      },
    },
    { fields: (c) => ({ totalCount: c.exposeInt("totalCount", { description: "Rows in the whole listing, as the provider counts them." }) }) },
  ),
  order: t.field({
    type: OrderRef,
    nullable: true,
    description:
      "One order, by HyperSKU order id or by the merchant's store order id: give exactly one (`BAD_USER_INPUT` otherwise). HyperSKU allows several orders per store order id: `storeOrderId` returns the newest (latest `createdAt`). Null when there is none, or it belongs to another merchant account.",
    args: {
      orderId: t.arg.string({ required: false, description: "HyperSKU's order id." }),
      storeOrderId: t.arg.string({
        required: false,
        description: "The merchant's store order id (SuperShip `soc`): getOrdersByExternalOrderId, or the getOrderInfos filter (HYPERSKU_ORDER_LOOKUP).",
      }),
    },
    resolve: async (_, args, ctx) => {
      const key = orderLookupKey(args);
      if ("storeOrderId" in key) {
        const order = await findOrderByStoreOrderId(ctx, key.storeOrderId);
        if (order) OrderRef.getDataloader(ctx).prime(order.id, order);
        return order;
      }
      return OrderRef.getDataloader(ctx)
        .load(key.orderId)
        .catch((e: unknown) => {
          if (e instanceof NotFoundError) return null;
          throw e;
        });
    },
  }),
}));
