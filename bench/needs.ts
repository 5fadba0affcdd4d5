import { decodeGlobalID } from "@pothos/plugin-relay";
import { Kind, parse, visit } from "graphql";
import { hyperskuEndpoints } from "../src/providers/hypersku/endpoints.js";
import { PRE_SHIPMENT_CODES } from "../src/domain/order-status.js";
import type { Need } from "./floors.js";

/**
 * What a scenario needs from the providers, derived from its OWN response (never hard-coded):
 * which products, SKUs, shipped orders and store order ids the answer actually references.
 * Batch sizes come from the endpoint table, so a changed maxBatch moves the floor with it.
 */

const MAX = {
  orders: hyperskuEndpoints.getOrderInfos.maxBatch,
  products: hyperskuEndpoints.getPrivateProduct.maxBatch,
  inventory: hyperskuEndpoints.getCustomerInventoryInfo.maxBatch,
};

export interface SkuLike {
  id?: string;
}
export interface OrderLike {
  orderId?: string;
  storeOrderId?: string;
  statusCode?: number;
  items?: Array<{ sku?: SkuLike | null; fromMerchantStock?: boolean }>;
  inventoryHistory?: Array<{ sku?: SkuLike | null }> | null;
}
export interface ProductLike {
  skus?: Array<SkuLike>;
}

/** Every field name an operation selects, at any depth (enough to tell which parts it asks for). */
export function selectedFields(query: string): Set<string> {
  const names = new Set<string>();
  visit(parse(query), { [Kind.FIELD]: (node) => void names.add(node.name.value) });
  return names;
}

/** `Sku:<productId>:<skuId>` global ids (src/schema/product.ts) → both ids. */
export function skuIds(sku: SkuLike | null | undefined): { productId: string; skuId: string } | null {
  if (!sku?.id) return null;
  const { typename, id } = decodeGlobalID(sku.id);
  const [productId, skuId] = id.split(":");
  return typename === "Sku" && productId && skuId ? { productId, skuId } : null;
}

/** Page keys of a paged listing: at least one call even for an empty page. */
export function pageKeys(rows: number, pageSize: number): string[] {
  return Array.from({ length: Math.max(1, Math.ceil(rows / pageSize)) }, (_, i) => `page ${i + 1}`);
}

/** Orders and everything below them; `root` is how the orders themselves were fetched (level 0). */
export function orderTreeNeeds(orders: readonly OrderLike[], fields: Set<string>, root: Need): Need[] {
  const skus = orders.flatMap((o) => (o.items ?? []).map((i) => skuIds(i.sku))).filter((s) => s !== null);
  const products = new Set(skus.map((s) => s.productId));
  const needs: Need[] = [root];
  if (fields.has("sku")) needs.push({ provider: "hypersku", endpoint: "getPrivateProduct", level: 1, keys: [...products], maxBatch: MAX.products });
  if (fields.has("inventory")) needs.push({ provider: "hypersku", endpoint: "getCustomerInventoryInfo", level: 1, keys: skus.map((s) => s.skuId), maxBatch: MAX.inventory });
  if (fields.has("shipments")) {
    // Only an order past the warehouse can have a parcel (PRE_SHIPMENT_CODES, hypersku-api.md §6.1).
    const shipped = orders.filter((o) => o.statusCode !== undefined && !PRE_SHIPMENT_CODES.has(o.statusCode));
    needs.push({ provider: "hypersku", endpoint: "internationalLogisticsInfo", level: 1, keys: shipped.map((o) => o.storeOrderId ?? "") });
  }
  // SuperShip has no batch lookup: one orderInfo by soc (= storeOrderId) per order.
  if (fields.has("delivery")) needs.push({ provider: "supership", endpoint: "orderInfo", level: 1, keys: orders.map((o) => o.storeOrderId ?? "") });
  if (fields.has("inventoryHistory")) {
    const withStock = orders.filter((o) => (o.items ?? []).some((i) => i.fromMerchantStock));
    needs.push({ provider: "hypersku", endpoint: "getInventoryHistoryByOrderId", level: 1, keys: withStock.map((o) => o.orderId ?? "") });
    // A movement's SKU of a product the items did not already load needs one more level.
    const later = orders.flatMap((o) => (o.inventoryHistory ?? []).map((m) => skuIds(m.sku)?.productId)).filter((p): p is string => !!p && !products.has(p));
    if (later.length > 0) needs.push({ provider: "hypersku", endpoint: "getPrivateProduct", level: 2, keys: later, maxBatch: MAX.products });
  }
  return needs;
}

/** (a) the dashboard: one page of orders (getOrderInfos), then everything below it. */
export function dashboardNeeds(orders: readonly OrderLike[], fields: Set<string>): Need[] {
  return orderTreeNeeds(orders, fields, { provider: "hypersku", endpoint: "getOrderInfos", level: 0, keys: pageKeys(orders.length, MAX.orders) });
}

/** (b) one order by id: the order loader (getOrderInfos by orderIds), then everything below it. */
export function orderNeeds(order: OrderLike, fields: Set<string>): Need[] {
  return orderTreeNeeds([order], fields, { provider: "hypersku", endpoint: "getOrderInfos", level: 0, keys: [order.orderId ?? ""], maxBatch: MAX.orders });
}

/** (c) a catalogue page: one getPrivateProduct page, then the inventory of every SKU on it. */
export function catalogueNeeds(products: readonly ProductLike[], fields: Set<string>): Need[] {
  const needs: Need[] = [{ provider: "hypersku", endpoint: "getPrivateProduct", level: 0, keys: pageKeys(products.length, MAX.products) }];
  const skus = products.flatMap((p) => (p.skus ?? []).map((s) => skuIds(s)?.skuId)).filter((s): s is string => !!s);
  if (fields.has("inventory")) needs.push({ provider: "hypersku", endpoint: "getCustomerInventoryInfo", level: 1, keys: skus, maxBatch: MAX.inventory });
  return needs;
}

/** (d) createOrder: the one HyperSKU create (its answer carries the new order). */
export function createOrderNeeds(): Need[] {
  return [{ provider: "hypersku", endpoint: "create", level: 0, keys: ["order"] }];
}

/**
 * (d) createDelivery from an order: read that order (receiver, items, soc), then the one
 * SuperShip create. Area-name checks and re-reads are not part of the floor: SuperShip's
 * create validates the address names itself and answers with the new code (supership-api.md C2).
 */
export function createDeliveryNeeds(orderId: string): Need[] {
  return [
    { provider: "hypersku", endpoint: "getOrderInfos", level: 0, keys: [orderId], maxBatch: MAX.orders },
    { provider: "supership", endpoint: "createOrder", level: 1, keys: ["delivery"] },
  ];
}
