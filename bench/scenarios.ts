import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deliveryInput, type Fixtures, orderInput } from "./fixtures.js";
import type { Need, Step } from "./floors.js";
import { type Fetch, postGraphql, problem } from "./graphql.js";
import { catalogueNeeds, createDeliveryNeeds, createOrderNeeds, dashboardNeeds, type OrderLike, orderNeeds, type ProductLike, selectedFields } from "./needs.js";
import { ROOT } from "./stack.js";

/**
 * The four scenarios. Each is a list of steps (one request each); a step knows its document,
 * its variables for one iteration, and how to read the floors' needs from its own answer. The
 * dashboard is the API's own Dashboard operation (GraphiQL opens with it, the cost limit is
 * sized from it), so the bench measures the query the product ships.
 */

// biome-ignore lint/suspicious/noExplicitAny: answers are checked by `problem` and read defensively
type Data = Record<string, any>;
/** What one step keeps for the next within an iteration (autocannon resets it per iteration). */
export type IterationContext = Record<string, unknown>;
/** `resultPath`: the mutation field whose __typename must be the success type; `variables` null: this iteration cannot go on. */
export type ScenarioStep = {
  name: string;
  query: string;
  resultPath?: string;
  variables(ctx: IterationContext): Record<string, unknown> | null;
  keep?(data: Data, ctx: IterationContext): void;
  needs(data: Data, ctx: IterationContext): Need[];
};
export type Scenario = { id: "dashboard" | "order" | "catalogue" | "writes"; title: string; source: string; steps: ScenarioStep[] };

const DASHBOARD_FILE = "src/sdk/operations/dashboard.graphql";
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
  const ctx: IterationContext = {};
  const steps: Step[] = [];
  for (const step of scenario.steps) {
    const variables = step.variables(ctx);
    if (!variables) throw new Error(`${step.name}: no input (an earlier step gave nothing to go on)`);
    const answer = await postGraphql(url, apiKey, step.query, variables, { fetch });
    const why = problem(answer, step.resultPath);
    if (why) throw new Error(`${step.name}: ${why}`);
    step.keep?.(answer.json!.data!, ctx);
    steps.push(step.needs(answer.json!.data!, ctx));
  }
  return steps;
}

const edgesOf = <T>(connection: { edges?: Array<{ node: T }> } | undefined): T[] => (connection?.edges ?? []).map((e) => e.node);

/** Reads first; the write mix last, because the orders it creates would change what the reads see. */
export function buildScenarios(fixtures: Fixtures): Scenario[] {
  const dashboard = readFileSync(join(ROOT, DASHBOARD_FILE), "utf8");
  const read = (
    id: Scenario["id"],
    title: string,
    source: string,
    query: string,
    variables: Record<string, unknown>,
    needs: (d: Data, fields: Set<string>) => Need[],
  ): Scenario => ({ id, title, source, steps: [{ name: id, query, variables: () => variables, needs: (d) => needs(d, selectedFields(query)) }] });
  return [
    read("dashboard", "Dashboard: 50 orders with items → SKU → product, inventory, shipments, delivery", DASHBOARD_FILE, dashboard, { first: 50 }, (d, f) =>
      dashboardNeeds(edgesOf<OrderLike>(d.orders), f),
    ),
    read("order", "One order by id with everything below it", `bench/scenarios.ts, order ${fixtures.orderId}`, ORDER, { orderId: fixtures.orderId }, (d, f) =>
      orderNeeds((d.order ?? {}) as OrderLike, f),
    ),
    read("catalogue", "Catalogue page: 50 products with SKUs and SKU inventory", "bench/scenarios.ts", CATALOGUE, { first: 50 }, (d, f) =>
      catalogueNeeds(edgesOf<ProductLike>(d.products), f),
    ),
    {
      id: "writes",
      title: "Write mix: createOrder, then createDelivery for the new order (fresh idempotency keys)",
      source: "bench/scenarios.ts, bench/fixtures.ts",
      steps: [
        {
          name: "createOrder",
          query: CREATE_ORDER,
          resultPath: "createOrder",
          variables: () => ({ input: orderInput(fixtures) }),
          keep: (d, ctx) => void (ctx.orderId = d.createOrder?.data?.orderId),
          needs: createOrderNeeds,
        },
        {
          name: "createDelivery",
          query: CREATE_DELIVERY,
          resultPath: "createDelivery",
          variables: (ctx) => (typeof ctx.orderId === "string" ? { input: deliveryInput(fixtures, ctx.orderId) } : null),
          needs: (_, ctx) => createDeliveryNeeds(String(ctx.orderId)),
        },
      ],
    },
  ];
}
