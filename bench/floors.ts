import { decodeGlobalID } from "@pothos/plugin-relay";
import { Kind, parse, visit } from "graphql";
import { mayHaveParcels } from "../src/domain/order-status.js";
import { hyperskuEndpoints } from "../src/providers/hypersku/endpoints.js";

/**
 * The two floors a scenario is judged against (ADR 007): what the providers force on us. Call
 * floor: per endpoint ⌈distinct keys / maxBatch⌉, or one call per distinct key without a batch
 * form. Latency floor: a level starts when the one it depends on has answered, each provider
 * runs at most `cap` calls at once (the limit in effect: one number, or one per provider), so a
 * level is max over providers of ⌈calls / cap⌉ waves; waves × injected latency. The steps of a
 * sequence (the write mix) add up.
 *
 * What a scenario needs is read from its OWN answer (never hard-coded): the products, SKUs,
 * shipped orders and store order ids it actually references, for the parts its document
 * selects. Two provider facts come from src: HyperSKU's batch sizes (the endpoint table's
 * maxBatch) and which statuses may have parcels.
 */

/**
 * One provider endpoint a step needs (`<provider>.<endpoint>`, as the simulators' counters name
 * it), with the keys it must be asked about (deduplicated here; a paged listing is one key per
 * page). `level` 0 needs no other provider answer, n needs one of level n - 1; no `maxBatch`: no batch form.
 */
export type Need = { endpoint: string; level: number; keys: readonly string[]; maxBatch?: number | undefined };
/** The needs of one request, read from its own response. */
export type Step = readonly Need[];

export const callsFor = (need: Need) => Math.ceil(new Set(need.keys).size / (need.maxBatch ?? 1));
export const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export function callFloor(steps: readonly Step[]): { total: number; byEndpoint: Record<string, number> } {
  const byEndpoint: Record<string, number> = {};
  for (const need of steps.flat()) if (callsFor(need) > 0) byEndpoint[need.endpoint] = (byEndpoint[need.endpoint] ?? 0) + callsFor(need);
  return { total: sum(byEndpoint), byEndpoint };
}

/** Σ over steps and levels of max over providers ⌈calls / cap⌉; `perCallMs`: the injected latency (the simulators' work and the network left out, so nothing beats it). */
export function latencyFloor(steps: readonly Step[], cap: number | Readonly<Record<string, number>>, perCallMs: number): { waves: number; ms: number } {
  const capOf = (provider: string) => (typeof cap === "number" ? cap : (cap[provider] ?? 1));
  let waves = 0;
  for (const step of steps) {
    const perLevel: Array<Record<string, number>> = [];
    for (const need of step) {
      const [calls, provider] = [(perLevel[need.level] ??= {}), need.endpoint.split(".")[0]!];
      calls[provider] = (calls[provider] ?? 0) + callsFor(need);
    }
    for (const calls of perLevel) waves += Math.max(0, ...Object.entries(calls ?? {}).map(([provider, n]) => Math.ceil(n / capOf(provider))));
  }
  return { waves, ms: waves * perCallMs };
}

const MAX = {
  orders: hyperskuEndpoints.getOrderInfos.maxBatch,
  products: hyperskuEndpoints.getPrivateProduct.maxBatch,
  inventory: hyperskuEndpoints.getCustomerInventoryInfo.maxBatch,
};
export type SkuLike = { id?: string };
export type ProductLike = { skus?: SkuLike[] };
export type OrderLike = {
  orderId?: string;
  storeOrderId?: string;
  statusCode?: number;
  items?: Array<{ sku?: SkuLike | null; fromMerchantStock?: boolean }>;
  inventoryHistory?: Array<{ sku?: SkuLike | null }> | null;
};

export type Connection<T> = { edges?: Array<{ node: T }> } | null;
export const edgesOf = <T>(connection: Connection<T> | undefined): T[] => (connection?.edges ?? []).map((e) => e.node);
const need = (endpoint: string, level: number, keys: string[], maxBatch?: number): Need => ({ endpoint, level, keys, maxBatch });

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
function orderTreeNeeds(orders: readonly OrderLike[], fields: Set<string>, root: Need): Need[] {
  const skus = orders.flatMap((o) => (o.items ?? []).map((i) => skuIds(i.sku))).filter((s) => s !== null);
  const [products, skuKeys] = [new Set(skus.map((s) => s.productId)), skus.map((s) => s.skuId)];
  // Only an order past the warehouse can have a parcel; SuperShip has no batch lookup (one orderInfo per soc = storeOrderId).
  const soc = (o: OrderLike) => o.storeOrderId ?? "";
  const shipped = orders.filter((o) => o.statusCode !== undefined && mayHaveParcels(o.statusCode)).map(soc);
  const withStock = orders.filter((o) => (o.items ?? []).some((i) => i.fromMerchantStock)).map((o) => o.orderId ?? "");
  // A movement's SKU of a product the items did not already load needs one more level.
  const later = orders.flatMap((o) => (o.inventoryHistory ?? []).map((m) => skuIds(m.sku)?.productId)).filter((p): p is string => !!p && !products.has(p));
  const below: Array<[field: string, need: Need]> = [
    ["sku", need("hypersku.getPrivateProduct", 1, [...products], MAX.products)],
    ["inventory", need("hypersku.getCustomerInventoryInfo", 1, skuKeys, MAX.inventory)],
    ["shipments", need("hypersku.internationalLogisticsInfo", 1, shipped)],
    ["delivery", need("supership.orderInfo", 1, orders.map(soc))],
    ["inventoryHistory", need("hypersku.getInventoryHistoryByOrderId", 1, withStock)],
    ["inventoryHistory", need("hypersku.getPrivateProduct", 2, later, MAX.products)],
  ];
  return [root, ...below.filter(([field]) => fields.has(field)).map(([, n]) => n)];
}

/** (a) the dashboard: one page of orders, then everything below it. */
export function dashboardNeeds(answer: { orders?: Connection<OrderLike> }, fields: Set<string>): Need[] {
  const orders = edgesOf(answer.orders);
  return orderTreeNeeds(orders, fields, need("hypersku.getOrderInfos", 0, pageKeys(orders.length, MAX.orders)));
}

/** (b) one order by id (the order loader: getOrderInfos by orderIds), then everything below it. */
export const orderNeeds = ({ order }: { order?: OrderLike | null }, fields: Set<string>) =>
  orderTreeNeeds(order ? [order] : [], fields, need("hypersku.getOrderInfos", 0, [order?.orderId ?? ""], MAX.orders));

/** (c) a catalogue page: one getPrivateProduct page, then the inventory of every SKU on it. */
export function catalogueNeeds(answer: { products?: Connection<ProductLike> }, fields: Set<string>): Need[] {
  const products = edgesOf(answer.products);
  const skus = products.flatMap((p) => (p.skus ?? []).map((s) => skuIds(s)?.skuId)).filter((s): s is string => !!s);
  return [
    need("hypersku.getPrivateProduct", 0, pageKeys(products.length, MAX.products)),
    ...(fields.has("inventory") ? [need("hypersku.getCustomerInventoryInfo", 1, skus, MAX.inventory)] : []),
  ];
}

/** (d) createOrder: the one HyperSKU create (its answer carries the new order). */
export const createOrderNeeds = (): Need[] => [need("hypersku.create", 0, ["order"])];

/**
 * (d) createDelivery: read the order (receiver, items, soc), then the one SuperShip create.
 * Area-name checks and read-backs are not part of the floor: SuperShip's create checks the
 * names itself and answers with the new code.
 */
export const createDeliveryNeeds = (): Need[] => [need("hypersku.getOrderInfos", 0, ["order"], MAX.orders), need("supership.createOrder", 1, ["delivery"])];
