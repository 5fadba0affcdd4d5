import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Feature } from "./features.js";
import type { Fixtures } from "./fixtures.js";
import type { Need } from "./floors.js";
import type { IterationContext } from "./load.js";
import { catalogueNeeds, createDeliveryNeeds, createOrderNeeds, dashboardNeeds, orderNeeds, selectedFields, type OrderLike, type ProductLike } from "./needs.js";
import { ROOT } from "./processes.js";
import { catalogueQuery, CREATE_DELIVERY, CREATE_ORDER, dashboardQuery, orderQuery } from "./queries.js";
import { deliveryInput, orderInput } from "./write-inputs.js";

/**
 * The four scenarios. Each is a list of steps (one request each); a step knows its document,
 * its variables for one iteration, and how to read the floors' needs from its own answer.
 */

// biome-ignore lint/suspicious/noExplicitAny: answers are checked by `problem` and read defensively
type Data = Record<string, any>;

export interface ScenarioStep {
  name: string;
  query: string;
  /** Mutation field whose __typename must be the success type. */
  resultPath?: string;
  /** null: this iteration cannot go on (an earlier step failed). */
  variables(ctx: IterationContext): Record<string, unknown> | null;
  keep?(data: Data, ctx: IterationContext): void;
  needs(data: Data, ctx: IterationContext): Need[];
}

export interface Scenario {
  id: "dashboard" | "order" | "catalogue" | "writes";
  title: string;
  /** Parts of the graph the scenario exercises; `missing` are those the schema lacks yet. */
  wants: Feature[];
  missing: Feature[];
  /** Where the document comes from, when that matters. */
  source: string;
  steps: ScenarioStep[];
}

const DASHBOARD_FILE = "src/sdk/operations/dashboard.graphql";

/** The API's own Dashboard operation when it selects every part the schema has, else our copy. */
function dashboardDocument(has: (f: Feature) => boolean): { query: string; source: string } {
  const path = join(ROOT, DASHBOARD_FILE);
  if (existsSync(path)) {
    const text = readFileSync(path, "utf8");
    const fields = selectedFields(text);
    const lacking = (["Sku.inventory", "Order.shipments", "Order.delivery"] as const).filter((f) => has(f) && !fields.has(f.split(".")[1]!));
    if (lacking.length === 0) return { query: text, source: DASHBOARD_FILE };
    return { query: dashboardQuery(has), source: `bench/queries.ts (${DASHBOARD_FILE} lacks ${lacking.join(", ")})` };
  }
  return { query: dashboardQuery(has), source: `bench/queries.ts (${DASHBOARD_FILE} absent)` };
}

const edgesOf = <T>(connection: { edges?: Array<{ node: T }> } | undefined): T[] => (connection?.edges ?? []).map((e) => e.node);

export function buildScenarios(features: ReadonlySet<Feature>, fixtures: Fixtures): Scenario[] {
  const has = (f: Feature) => features.has(f);
  const missing = (wants: Feature[]) => wants.filter((f) => !has(f));
  const dashboard = dashboardDocument(has);
  const order = orderQuery(has);
  const catalogue = catalogueQuery(has);

  const dashboardWants: Feature[] = ["Sku.inventory", "Order.shipments", "Order.delivery"];
  const orderWants: Feature[] = [...dashboardWants, "Order.inventoryHistory"];
  const writeWants: Feature[] = ["Mutation.createOrder", "Mutation.createDelivery"];

  const writeSteps: ScenarioStep[] = [];
  if (has("Mutation.createOrder")) {
    writeSteps.push({
      name: "createOrder",
      query: CREATE_ORDER,
      resultPath: "createOrder",
      variables: () => ({ input: orderInput(fixtures) }),
      keep: (data, ctx) => void (ctx.orderId = data.createOrder?.data?.orderId),
      needs: () => createOrderNeeds(),
    });
  }
  if (has("Mutation.createOrder") && has("Mutation.createDelivery")) {
    writeSteps.push({
      name: "createDelivery",
      query: CREATE_DELIVERY,
      resultPath: "createDelivery",
      variables: (ctx) => (typeof ctx.orderId === "string" ? { input: deliveryInput(fixtures, ctx.orderId) } : null),
      needs: (_, ctx) => createDeliveryNeeds(String(ctx.orderId)),
    });
  }

  return [
    {
      id: "dashboard",
      title: "Dashboard: 50 orders with items → SKU → product, inventory, shipments, delivery",
      wants: dashboardWants,
      missing: missing(dashboardWants),
      source: dashboard.source,
      steps: [{ name: "Dashboard", query: dashboard.query, variables: () => ({ first: 50 }), needs: (d) => dashboardNeeds(edgesOf<OrderLike>(d.orders), selectedFields(dashboard.query)) }],
    },
    {
      id: "order",
      title: "One order by id with everything below it",
      wants: orderWants,
      missing: missing(orderWants),
      source: `bench/queries.ts, order ${fixtures.orderId ?? "(none found)"}`,
      steps: [{ name: "Order", query: order, variables: () => ({ orderId: fixtures.orderId }), needs: (d) => orderNeeds((d.order ?? {}) as OrderLike, selectedFields(order)) }],
    },
    {
      id: "catalogue",
      title: "Catalogue page: 50 products with SKUs and SKU inventory",
      wants: ["Sku.inventory"],
      missing: missing(["Sku.inventory"]),
      source: "bench/queries.ts",
      steps: [{ name: "Catalogue", query: catalogue, variables: () => ({ first: 50 }), needs: (d) => catalogueNeeds(edgesOf<ProductLike>(d.products), selectedFields(catalogue)) }],
    },
    {
      id: "writes",
      title: "Write mix: createOrder, then createDelivery for the new order (fresh idempotency keys)",
      wants: writeWants,
      missing: missing(writeWants),
      source: "bench/queries.ts, bench/write-inputs.ts",
      steps: writeSteps,
    },
  ];
}
