import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mayHaveParcels } from "../src/domain/order-status.js";
import { type Data, type Fetch, request } from "./api.js";
import { catalogueNeeds, createDeliveryNeeds, createOrderNeeds, dashboardNeeds, edgesOf, type Need, type OrderLike, orderNeeds, type Step, selectedFields } from "./floors.js";

/**
 * The four scenarios. Each is a list of steps (one request each); a step knows its document,
 * its variables for one iteration (from the previous step's answer), and how to read the floors'
 * needs from its own answer. The dashboard is the API's own Dashboard operation (GraphiQL opens
 * with it, the cost limit is sized from it), so the bench measures the query the product ships.
 */

/** `resultPath`: the mutation field whose __typename must be the success type; `variables` null: this iteration cannot go on. */
export type ScenarioStep = { query: string; resultPath?: string; variables(previous: Data | undefined): Record<string, unknown> | null; needs(data: Data): Need[] };
export type Scenario = { id: string; title: string; source: string; steps: ScenarioStep[] };

const DASHBOARD_FILE = "packages/sdk/operations/dashboard.graphql";
const money = "{ amount currency }";
const ORDER = `query BenchOrder($orderId: String!) {
  order(orderId: $orderId) {
    id orderId storeOrderId status statusCode statusLabel subtotal ${money} shippingFee ${money} total ${money} createdAt paidAt updatedAt logisticsName
    shippingAddress { firstName lastName line1 line2 city province postalCode countryCode phone }
    items { itemId title attributes quantity fromMerchantStock weightGrams unitPrice ${money}
      sku { id skuId code weightGrams price ${money} attributes { name value } product { id productId title images category priceRange { min ${money} max ${money} } }
        inventory { available reserved inTransit warehouseName updatedAt } } }
    shipments { carrier trackingNumber status events { occurredAt description location status } }
    delivery { code status statusCode statusName fees { shipment ${money} insurance ${money} } codAmount ${money} receiver { name phone address } events { occurredAt description status } }
    inventoryHistory { type rawType quantityChange balance occurredAt sku { id skuId } }
  }
}`;
const CATALOGUE = `query BenchCatalogue($first: Int = 50) {
  products(first: $first) { totalCount edges { node { id productId title category priceRange { min ${money} max ${money} }
    skus { id skuId code price ${money} weightGrams attributes { name value } inventory { available reserved inTransit } } } } }
}`;
const CREATE_ORDER = `mutation BenchCreateOrder($input: CreateOrderInput!) {
  createOrder(input: $input) { __typename ... on MutationCreateOrderSuccess { data { orderId storeOrderId status } } ... on Error { message } }
}`;
const CREATE_DELIVERY = `mutation BenchCreateDelivery($input: CreateDeliveryInput!) {
  createDelivery(input: $input) { __typename ... on MutationCreateDeliverySuccess { data { code senderOrderCode status } } ... on Error { message } }
}`;

/** Every step once, in order, outside autocannon; throws at the first error answer. Returns each step's needs. */
export async function runOnce(scenario: Scenario, url: string, apiKey: string, fetch?: Fetch): Promise<Step[]> {
  const steps: Step[] = [];
  let previous: Data | undefined;
  for (const step of scenario.steps) {
    const variables = step.variables(previous);
    const where = step.resultPath ?? scenario.id;
    if (!variables) throw new Error(`${where}: no input (an earlier step gave nothing to go on)`);
    const data: Data = await request(url, apiKey, step.query, variables, fetch, step.resultPath).catch((e: Error) => Promise.reject(new Error(`${where}: ${e.message}`)));
    steps.push(step.needs((previous = data)));
  }
  return steps;
}

/**
 * Inputs the scenarios need, looked up through the API before measuring: the order (b) reads
 * (the one with the most below it: shipped, so it has parcels, beats merchant stock, inventory
 * history, beats a delivery; the first of the best); for the write mix a SKU, a SuperShip pickup
 * warehouse and a shipping channel to Vietnam (SuperShip delivers only there).
 */
export async function loadFixtures(url: string, apiKey: string, fetch?: Fetch) {
  const data = await request(url, apiKey, FIXTURES, {}, fetch);
  type Picked = OrderLike & { delivery?: object | null };
  const score = (o: Picked) => (mayHaveParcels(o.statusCode ?? 0) ? 4 : 0) + (o.items?.some((i) => i.fromMerchantStock) ? 2 : 0) + (o.delivery ? 1 : 0);
  const skuId: string | null = edgesOf<{ skus: Array<{ skuId: string }> }>(data.products).flatMap((p) => p.skus)[0]?.skuId ?? null;
  const active = (data.warehouses as Array<{ code: string; status: string; primary: boolean }>).filter((w) => w.status === "ACTIVE");
  const options = skuId ? await request(url, apiKey, SHIPPING_OPTIONS, { items: [{ skuId, quantity: 1 }] }, fetch) : null;
  return {
    orderId: edgesOf<Picked>(data.orders).sort((a, b) => score(b) - score(a))[0]?.orderId ?? null,
    skuId,
    warehouseCode: (active.find((w) => w.primary) ?? active[0])?.code ?? null,
    shippingOptionId: (options?.shippingOptions?.[0]?.id as string | undefined) ?? null,
  };
}
export type Fixtures = Awaited<ReturnType<typeof loadFixtures>>;

const FIXTURES = `query BenchFixtures {
  orders(first: 50) { edges { node { orderId statusCode items { fromMerchantStock } delivery { code } } } }
  products(first: 5) { edges { node { skus { skuId } } } }
  warehouses { code status primary }
}`;
const SHIPPING_OPTIONS = `query BenchShippingOptions($items: [ShippingItemInput!]!) { shippingOptions(countryCode: "VN", items: $items) { id } }`;

/**
 * The write mix's inputs: fresh idempotency keys and store order id per iteration, so it
 * measures creation, never an idempotent replay. The order ships to Hà Nội; the delivery names
 * the district and commune a HyperSKU address cannot carry.
 */
function orderInput(f: Fixtures) {
  const id = randomUUID();
  return {
    idempotencyKey: `bench-order-${id}`,
    storeOrderId: `BENCH-${id.slice(0, 18)}`,
    storeOrderName: "benchmark",
    shippingOptionId: f.shippingOptionId,
    shippingAddress: ADDRESS,
    items: [{ skuId: f.skuId, quantity: 1 }],
  };
}
const ADDRESS = {
  firstName: "Lan",
  lastName: "Nguyen",
  line1: "12 Phó Đức Chính",
  city: "Ha Noi",
  province: "Hà Nội",
  postalCode: "100000",
  countryCode: "VN",
  phone: "0912345678",
};
const RECEIVER = { province: "Thành phố Hà Nội", district: "Quận Ba Đình", commune: "Phường Phúc Xá" };
const deliveryInput = (f: Fixtures, orderId: string) => ({
  idempotencyKey: `bench-delivery-${randomUUID()}`,
  orderId,
  warehouseCode: f.warehouseCode,
  receiver: RECEIVER,
  codAmount: 0,
});

/** Reads first; the write mix last, because the orders it creates would change what the reads see. */
export function buildScenarios(fixtures: Fixtures): Scenario[] {
  const read = (id: string, title: string, source: string, query: string, variables: object, needs: (d: Data, fields: Set<string>) => Need[]): Scenario => {
    const fields = selectedFields(query);
    return { id, title, source, steps: [{ query, variables: () => ({ ...variables }), needs: (d) => needs(d, fields) }] };
  };
  const dashboard = readFileSync(new URL(`../${DASHBOARD_FILE}`, import.meta.url), "utf8");
  return [
    read("dashboard", "Dashboard: 50 orders with items → SKU → product, inventory, shipments, delivery", DASHBOARD_FILE, dashboard, { first: 50 }, dashboardNeeds),
    read("order", "One order by id with everything below it", `bench/scenarios.ts, order ${fixtures.orderId}`, ORDER, { orderId: fixtures.orderId }, orderNeeds),
    read("catalogue", "Catalogue page: 50 products with SKUs and SKU inventory", "bench/scenarios.ts", CATALOGUE, { first: 50 }, catalogueNeeds),
    {
      id: "writes",
      title: "Write mix: createOrder, then createDelivery for the new order (fresh idempotency keys)",
      source: "bench/scenarios.ts",
      steps: [
        { query: CREATE_ORDER, resultPath: "createOrder", variables: () => ({ input: orderInput(fixtures) }), needs: createOrderNeeds },
        {
          query: CREATE_DELIVERY,
          resultPath: "createDelivery",
          variables: (previous) => (typeof previous?.createOrder?.data?.orderId === "string" ? { input: deliveryInput(fixtures, previous.createOrder.data.orderId) } : null),
          needs: createDeliveryNeeds,
        },
      ],
    },
  ];
}
