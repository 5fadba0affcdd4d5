import { ClientError } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { getSdk, OrderTrackingNumbersQuery } from "../../packages/sdk/src/generated.js";
import { HYPERSKU_DEMO, shippedStoreOrderIds } from "../../simulators/hypersku/index.js";
import { PRE_SHIPMENT_CODES } from "../../src/domain/order-status.js";
import { normalizeParcelStatus, statusFromText } from "../../src/domain/parcel-status.js";
import { simCount } from "../support/oauth.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/** Order.shipments (HyperSKU international parcels): mapping, node ids, call counts and partial failure. */

let sims: Simulators;
let api: Api;
let apiKey: string;
let sdk: ReturnType<typeof getSdk>;
const [merchant] = HYPERSKU_DEMO.accounts;

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls });
  ({ apiKey } = await createTenant(api.store, "Shipments"));
  sdk = api.as(apiKey);
  await sdk.ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
});
afterAll(async () => {
  await api.close();
  await sims.close();
});

const shippedIds = new Set(shippedStoreOrderIds("10001"));
/** The HyperSKU simulator's seeded order with this store order id (parcels, events, status as it holds them). */
const simOrder = (storeOrderId: string) => [...sims.hypersku.state.account(merchant.accountId).orders.values()].find((o) => o.storeOrderId === storeOrderId)!;

describe("track status normalization", () => {
  it("reads the free-text status by keywords and falls back on the events", () => {
    expect(statusFromText("InTransit")).toBe("IN_TRANSIT");
    expect(statusFromText("Delivered")).toBe("DELIVERED");
    expect(statusFromText("Out for delivery")).toBe("OUT_FOR_DELIVERY");
    expect(statusFromText("Returned")).toBe("RETURNED");
    expect(statusFromText("Delivery failed")).toBe("DELIVERY_FAILED");
    expect(statusFromText("EXCEPTION")).toBe("DELIVERY_DELAYED");
    expect(statusFromText("InfoReceived")).toBe("AWAITING_PICKUP");
    expect(normalizeParcelStatus("zzz", 2)).toBe("IN_TRANSIT");
    expect(normalizeParcelStatus(null, 0)).toBe("PENDING");
  });
});

describe("Order.shipments", () => {
  it("a shipped order has its parcels with carrier, tracking number and events oldest first", async () => {
    const { orders } = await sdk.OrderShipments({ first: 1, storeOrderId: "SO-000003" });
    const order = orders!.edges[0]!.node;
    expect(order.statusCode).toBe(5);
    expect(order.shipments).toHaveLength(1);
    const [parcel] = order.shipments!;
    expect(parcel).toMatchObject({ __typename: "InternationalShipment", status: "DELIVERED", rawStatus: "Delivered", storeOrderId: "SO-000003" });
    expect(parcel!.carrier).not.toBe("");
    expect(parcel!.trackingNumber).not.toBe("");
    expect(parcel!.events).toHaveLength(simOrder("SO-000003").parcels[0]!.events.length);
    expect(parcel!.events.length).toBeGreaterThanOrEqual(3); // precondition on the seed: the ordering and last-event checks below have events to check
    const times = parcel!.events.map((e) => Date.parse(e.occurredAt));
    expect(times.every(Number.isFinite)).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(parcel!.events.at(-1)).toMatchObject({ status: "DELIVERED" });
    expect(parcel!.events[0]!.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);

    // SO-000008 is the seed's split shipment (status 14): two parcels.
    const split = await sdk.OrderShipments({ first: 1, storeOrderId: "SO-000008" });
    expect(split.orders!.edges[0]!.node.statusCode).toBe(14);
    expect(split.orders!.edges[0]!.node.shipments).toHaveLength(2);
  });

  it("for 50 orders: one internationalLogisticsInfo call per order that may have shipped, none for pre-shipment orders", async () => {
    sims.hypersku.control.clearCounters();
    const { orders } = await sdk.OrderShipments({ first: 50 });
    const nodes = orders!.edges.map((e) => e.node);
    const asked = nodes.filter((o) => !PRE_SHIPMENT_CODES.has(o.statusCode));
    const preShipment = nodes.filter((o) => PRE_SHIPMENT_CODES.has(o.statusCode));
    // Exactly the page's orders whose seeded status is pre-shipment (unpaid, paid, processing…).
    expect(preShipment.map((o) => o.storeOrderId)).toEqual(nodes.filter((o) => PRE_SHIPMENT_CODES.has(simOrder(o.storeOrderId).status)).map((o) => o.storeOrderId));
    expect(preShipment.length).toBeGreaterThan(0); // precondition on the seed: the "none" branch is exercised
    expect(simCount(sims, "hypersku", "internationalLogisticsInfo")).toBe(asked.length);
    const requested = sims.hypersku.control
      .log()
      .filter((r) => r.endpoint === "internationalLogisticsInfo")
      .map((r) => decodeURIComponent(r.path.split("/").at(-1)!));
    expect(new Set(requested)).toEqual(new Set(asked.map((o) => o.storeOrderId)));

    for (const o of preShipment) expect(o.shipments).toEqual([]);
    const shipped = nodes.filter((o) => shippedIds.has(o.storeOrderId));
    // The page is the 50 newest of 520 consecutive seeded orders, 2 in every 5 shipped (index % 5 ∈ {3, 4}).
    expect(shipped).toHaveLength(20);
    for (const o of shipped) {
      expect(o.shipments).toHaveLength(simOrder(o.storeOrderId).parcels.length);
      expect(o.shipments!.length).toBeGreaterThan(0); // a shipped seeded order has at least one parcel
    }
  });

  it("node(id) resolves an InternationalShipment back to its order", async () => {
    const { orders } = await sdk.OrderShipments({ first: 1, storeOrderId: "SO-000004" });
    const order = orders!.edges[0]!.node;
    const parcel = order.shipments![0]!;
    if (parcel.__typename !== "InternationalShipment") throw new Error("expected an international parcel");
    const { node } = await sdk.OrderNode({ id: parcel.id });
    expect(node).toMatchObject({ __typename: "InternationalShipment", id: parcel.id, trackingNumber: parcel.trackingNumber, order: { orderId: order.orderId } });
  });

  it("a failing tracking endpoint leaves errors at the shipments paths only; every order still arrives", async () => {
    // A separate API without retries, so its breaker and backoff leave the shared one untouched.
    const isolated = await startApi({ urls: sims.urls, env: { PROVIDER_RETRIES: "0", PROVIDER_BREAKER_MIN_CALLS: "1000" } });
    const { apiKey: key } = await createTenant(isolated.store, "Faulty");
    const faulty = isolated.as(key);
    await faulty.ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
    sims.hypersku.control.addFault({ endpoint: "internationalLogisticsInfo", kind: "http500", rate: 1 });
    try {
      const error = await faulty.OrderTrackingNumbers({ first: 30 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ClientError);
      const { data, errors = [] } = (error as ClientError).response;
      const edges = (data as OrderTrackingNumbersQuery).orders!.edges;
      expect(edges).toHaveLength(30);
      for (const e of edges) expect(e.node.storeOrderId).toMatch(/^SO-\d{6}$/);
      // One error per order the API asked about: every order of the page that is not pre-shipment in the seed.
      expect(errors).toHaveLength(edges.filter((e) => !PRE_SHIPMENT_CODES.has(simOrder(e.node.storeOrderId).status)).length);
      expect(errors.length).toBeGreaterThan(0); // precondition on the seed: the fault is hit at all
      for (const err of errors) {
        expect(err.path).toEqual(["orders", "edges", expect.any(Number), "node", "shipments"]);
        expect(err.extensions?.code).toBe("PROVIDER_HTTP_ERROR");
        expect(edges[err.path![2] as number]!.node.shipments).toBeNull();
      }
      // Orders that were never asked about (pre-shipment) keep their empty list.
      expect(edges.filter((e) => Array.isArray(e.node.shipments)).length).toBe(edges.length - errors.length);
    } finally {
      const cleared = await fetch(`${sims.hypersku.url}/__sim/faults`, { method: "DELETE" });
      expect(cleared.ok).toBe(true);
      await isolated.close();
    }
  });
});
