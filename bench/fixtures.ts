import { PRE_SHIPMENT_CODES } from "../src/domain/order-status.js";
import type { Feature } from "./features.js";
import { postGraphql, problem, type Fetch } from "./graphql.js";
import { pickOrderQuery, writeFixturesQuery } from "./queries.js";

/**
 * Inputs the scenarios need, looked up once through the API before measuring: the order that
 * (b) reads (the one with the most below it), and for the write mix a SKU, a SuperShip pickup
 * warehouse and a shipping channel to Vietnam (SuperShip delivers only there).
 */

export interface Fixtures {
  orderId: string | null;
  skuId: string | null;
  warehouseCode: string | null;
  shippingOptionId: string | null;
}

interface PickedOrder {
  orderId: string;
  statusCode: number;
  items: Array<{ fromMerchantStock: boolean }>;
  delivery?: { code: string } | null;
}

async function query<T>(url: string, apiKey: string, text: string, variables: Record<string, unknown> = {}, fetch?: Fetch): Promise<T> {
  const answer = await postGraphql(url, apiKey, text, variables, { fetch });
  const why = problem(answer);
  if (why) throw new Error(`fixture lookup failed: ${why}`);
  return answer.json!.data as T;
}

/** Shipped (so it has parcels) beats merchant stock (inventory history) beats a delivery. */
export function pickOrder(orders: readonly PickedOrder[]): string | null {
  const score = (o: PickedOrder) => (PRE_SHIPMENT_CODES.has(o.statusCode) ? 0 : 4) + (o.items.some((i) => i.fromMerchantStock) ? 2 : 0) + (o.delivery ? 1 : 0);
  let best: PickedOrder | null = null;
  for (const o of orders) if (!best || score(o) > score(best)) best = o;
  return best?.orderId ?? null;
}

export async function loadFixtures(url: string, apiKey: string, has: (f: Feature) => boolean, fetch?: Fetch): Promise<Fixtures> {
  const picked = await query<{ orders: { edges: Array<{ node: PickedOrder }> } }>(url, apiKey, pickOrderQuery(has), {}, fetch);
  const write = await query<{ products: { edges: Array<{ node: { skus: Array<{ skuId: string }> } }> }; warehouses?: Array<{ code: string; status: string; primary: boolean }> }>(
    url,
    apiKey,
    writeFixturesQuery(has),
    {},
    fetch,
  );
  const skuId = write.products.edges.flatMap((e) => e.node.skus)[0]?.skuId ?? null;
  const active = (write.warehouses ?? []).filter((w) => w.status === "ACTIVE");
  const warehouse = active.find((w) => w.primary) ?? active[0];
  let shippingOptionId: string | null = null;
  if (has("Query.shippingOptions") && skuId) {
    const options = await query<{ shippingOptions: Array<{ id: string }> | null }>(
      url,
      apiKey,
      "query BenchShippingOptions($items: [ShippingItemInput!]!) { shippingOptions(countryCode: \"VN\", items: $items) { id } }",
      { items: [{ skuId, quantity: 1 }] },
      fetch,
    );
    shippingOptionId = options.shippingOptions?.[0]?.id ?? null;
  }
  return { orderId: pickOrder(picked.orders.edges.map((e) => e.node)), skuId, warehouseCode: warehouse?.code ?? null, shippingOptionId };
}
