import { decodeGlobalID } from "@pothos/plugin-relay";
import { Kind, parse, visit } from "graphql";
import { PRE_SHIPMENT_CODES } from "../src/domain/order-status.js";
import { hyperskuEndpoints } from "../src/providers/hypersku/endpoints.js";
import type { Need, ProviderName } from "./floors.js";

/**
 * What a scenario needs from the providers, read from its OWN answer (never hard-coded): the
 * products, SKUs, shipped orders and store order ids it actually references, for the parts its
 * document selects. Two provider facts come from src: HyperSKU's batch sizes (the endpoint
 * table's maxBatch) and the statuses before shipment (no parcel yet).
 */

export const MAX = {
  orders: hyperskuEndpoints.getOrderInfos.maxBatch,
  products: hyperskuEndpoints.getPrivateProduct.maxBatch,
  inventory: hyperskuEndpoints.getCustomerInventoryInfo.maxBatch,
};
export { PRE_SHIPMENT_CODES };

export type SkuLike = { id?: string };
export type ProductLike = { skus?: SkuLike[] };
export type OrderLike = {
  orderId?: string;
  storeOrderId?: string;
  statusCode?: number;
  items?: Array<{ sku?: SkuLike | null; fromMerchantStock?: boolean }>;
  inventoryHistory?: Array<{ sku?: SkuLike | null }> | null;
};

const need = (provider: ProviderName, endpoint: string, level: number, keys: string[], maxBatch?: number): Need => ({
  provider,
  endpoint,
  level,
  keys,
  ...(maxBatch ? { maxBatch } : {}),
});

/** Every field name an operation selects, at any depth (enough to tell which parts it asks for). */
export function selectedFields(query: string): Set<string> {
  const names = new Set<string>();
  visit(parse(query), { [Kind.FIELD]: (node) => void names.add(node.name.value) });
  return names;
}

/** `Sku:<productId>:<skuId>` global ids → both ids. */
export function skuIds(sku: SkuLike | null | undefined): { productId: string; skuId: string } | null {
  if (!sku?.id) return null;
  const { typename, id } = decodeGlobalID(sku.id);
  const [productId, skuId] = id.split(":");
  return typename === "Sku" && productId && skuId ? { productId, skuId } : null;
}

/** A paged listing: one key per page, and one call even for an empty page. */
export const pageKeys = (rows: number, pageSize: number) => Array.from({ length: Math.max(1, Math.ceil(rows / pageSize)) }, (_, i) => `page ${i + 1}`);

/** Orders and everything below them; `root` is how the orders themselves were fetched (level 0). */
export function orderTreeNeeds(orders: readonly OrderLike[], fields: Set<string>, root: Need): Need[] {
  const skus = orders.flatMap((o) => (o.items ?? []).map((i) => skuIds(i.sku))).filter((s) => s !== null);
  const products = new Set(skus.map((s) => s.productId));
  // Only an order past the warehouse can have a parcel; SuperShip has no batch lookup (one orderInfo per soc = storeOrderId).
  const shipped = orders.filter((o) => o.statusCode !== undefined && !PRE_SHIPMENT_CODES.has(o.statusCode));
  const withStock = orders.filter((o) => (o.items ?? []).some((i) => i.fromMerchantStock));
  // A movement's SKU of a product the items did not already load needs one more level.
  const later = orders.flatMap((o) => (o.inventoryHistory ?? []).map((m) => skuIds(m.sku)?.productId)).filter((p): p is string => !!p && !products.has(p));
  return [
    root,
    ...(fields.has("sku") ? [need("hypersku", "getPrivateProduct", 1, [...products], MAX.products)] : []),
    ...(fields.has("inventory")
      ? [
          need(
            "hypersku",
            "getCustomerInventoryInfo",
            1,
            skus.map((s) => s.skuId),
            MAX.inventory,
          ),
        ]
      : []),
    ...(fields.has("shipments")
      ? [
          need(
            "hypersku",
            "internationalLogisticsInfo",
            1,
            shipped.map((o) => o.storeOrderId ?? ""),
          ),
        ]
      : []),
    ...(fields.has("delivery")
      ? [
          need(
            "supership",
            "orderInfo",
            1,
            orders.map((o) => o.storeOrderId ?? ""),
          ),
        ]
      : []),
    ...(fields.has("inventoryHistory")
      ? [
          need(
            "hypersku",
            "getInventoryHistoryByOrderId",
            1,
            withStock.map((o) => o.orderId ?? ""),
          ),
          need("hypersku", "getPrivateProduct", 2, later, MAX.products),
        ]
      : []),
  ];
}

/** (a) the dashboard: one page of orders, then everything below it. */
export const dashboardNeeds = (orders: readonly OrderLike[], fields: Set<string>) =>
  orderTreeNeeds(orders, fields, need("hypersku", "getOrderInfos", 0, pageKeys(orders.length, MAX.orders)));

/** (b) one order by id (the order loader: getOrderInfos by orderIds), then everything below it. */
export const orderNeeds = (order: OrderLike, fields: Set<string>) => orderTreeNeeds([order], fields, need("hypersku", "getOrderInfos", 0, [order.orderId ?? ""], MAX.orders));

/** (c) a catalogue page: one getPrivateProduct page, then the inventory of every SKU on it. */
export function catalogueNeeds(products: readonly ProductLike[], fields: Set<string>): Need[] {
  const skus = products.flatMap((p) => (p.skus ?? []).map((s) => skuIds(s)?.skuId)).filter((s): s is string => !!s);
  return [
    need("hypersku", "getPrivateProduct", 0, pageKeys(products.length, MAX.products)),
    ...(fields.has("inventory") ? [need("hypersku", "getCustomerInventoryInfo", 1, skus, MAX.inventory)] : []),
  ];
}

/** (d) createOrder: the one HyperSKU create (its answer carries the new order). */
export const createOrderNeeds = (): Need[] => [need("hypersku", "create", 0, ["order"])];

/**
 * (d) createDelivery: read the order (receiver, items, soc), then the one SuperShip create.
 * Area-name checks and read-backs are not part of the floor: SuperShip's create checks the
 * names itself and answers with the new code.
 */
export const createDeliveryNeeds = (orderId: string): Need[] => [
  need("hypersku", "getOrderInfos", 0, [orderId], MAX.orders),
  need("supership", "createOrder", 1, ["delivery"]),
];
