import { randomUUID } from "node:crypto";
import { type Fetch, postGraphql, problem } from "./graphql.js";
import { PRE_SHIPMENT_CODES } from "./needs.js";

/**
 * Inputs the scenarios need, looked up through the API before measuring: the order (b) reads
 * (the one with the most below it); for the write mix a SKU, a SuperShip pickup warehouse and a
 * shipping channel to Vietnam (SuperShip delivers only there).
 */

export type Fixtures = Record<"orderId" | "skuId" | "warehouseCode" | "shippingOptionId", string | null>;
type PickedOrder = { orderId: string; statusCode: number; items: Array<{ fromMerchantStock: boolean }>; delivery?: { code: string } | null };

const FIXTURES = `query BenchFixtures {
  orders(first: 50) { edges { node { orderId statusCode items { fromMerchantStock } delivery { code } } } }
  products(first: 5) { edges { node { skus { skuId } } } }
  warehouses { code status primary }
}`;
const SHIPPING_OPTIONS = `query BenchShippingOptions($items: [ShippingItemInput!]!) { shippingOptions(countryCode: "VN", items: $items) { id } }`;

/** Shipped (so it has parcels) beats merchant stock (inventory history) beats a delivery; the first of the best. */
export function pickOrder(orders: readonly PickedOrder[]): string | null {
  const score = (o: PickedOrder) => (PRE_SHIPMENT_CODES.has(o.statusCode) ? 0 : 4) + (o.items.some((i) => i.fromMerchantStock) ? 2 : 0) + (o.delivery ? 1 : 0);
  return [...orders].sort((a, b) => score(b) - score(a))[0]?.orderId ?? null;
}

export async function loadFixtures(url: string, apiKey: string, fetch?: Fetch): Promise<Fixtures> {
  const query = async <T>(text: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const answer = await postGraphql(url, apiKey, text, variables, { fetch });
    const why = problem(answer);
    if (why) throw new Error(`fixture lookup failed: ${why}`);
    return answer.json!.data as T;
  };
  type Answer = {
    orders: { edges: Array<{ node: PickedOrder }> };
    products: { edges: Array<{ node: { skus: Array<{ skuId: string }> } }> };
    warehouses: Array<{ code: string; status: string; primary: boolean }>;
  };
  const data = await query<Answer>(FIXTURES);
  const skuId = data.products.edges.flatMap((e) => e.node.skus)[0]?.skuId ?? null;
  const active = data.warehouses.filter((w) => w.status === "ACTIVE");
  const options = skuId ? await query<{ shippingOptions: Array<{ id: string }> | null }>(SHIPPING_OPTIONS, { items: [{ skuId, quantity: 1 }] }) : null;
  const [orderId, warehouseCode] = [pickOrder(data.orders.edges.map((e) => e.node)), (active.find((w) => w.primary) ?? active[0])?.code ?? null];
  return { orderId, skuId, warehouseCode, shippingOptionId: options?.shippingOptions?.[0]?.id ?? null };
}

/**
 * The write mix's inputs: fresh idempotency keys and store order id per iteration, so it
 * measures creation, never an idempotent replay. The order ships to Hà Nội; the delivery names
 * the district and commune a HyperSKU address cannot carry.
 */
export function orderInput(f: Fixtures) {
  const id = randomUUID();
  const shippingAddress = {
    firstName: "Lan",
    lastName: "Nguyen",
    line1: "12 Phó Đức Chính",
    city: "Ha Noi",
    province: "Hà Nội",
    postalCode: "100000",
    countryCode: "VN",
    phone: "0912345678",
  };
  return {
    idempotencyKey: `bench-order-${id}`,
    storeOrderId: `BENCH-${id.slice(0, 18)}`,
    storeOrderName: "benchmark",
    shippingOptionId: f.shippingOptionId,
    shippingAddress,
    items: [{ skuId: f.skuId, quantity: 1 }],
  };
}

export function deliveryInput(f: Fixtures, orderId: string) {
  const receiver = { province: "Thành phố Hà Nội", district: "Quận Ba Đình", commune: "Phường Phúc Xá" };
  return { idempotencyKey: `bench-delivery-${randomUUID()}`, orderId, warehouseCode: f.warehouseCode, receiver, codAmount: 0 };
}
