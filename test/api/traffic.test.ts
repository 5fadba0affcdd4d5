import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUPERSHIP_DEMO, shippedStoreOrderIds } from "../../simulators/supership/index.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * Traffic through the whole stack (docs/decisions/018-adaptive-concurrency.md): the adaptive
 * limit lets the Dashboard's 50 SuperShip lookups go out together, the limit shows in /readyz,
 * and each tenant's calls queue in their own lane, so one tenant's flood slows only itself.
 * Asserted by counts: the simulator's peakInFlight, the transports' load(), error codes.
 */

let sims: Simulators;
beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(() => sims.close());

const latency = (url: string, fixedMs: number) => fetch(`${url}/__sim/latency`, { method: "POST", body: JSON.stringify({ fixedMs }) });
const simLimits = async (method = "GET") => (await (await fetch(`${sims.supership.url}/__sim/limits`, { method })).json()) as { peakInFlight: number; refused: number };
const deliveryId = (code: string) => Buffer.from(`Delivery:${code}`).toString("base64");
/** Ten delivery codes of demo shop `index`, as the SuperShip simulator holds them. */
const deliveryCodes = (index: 0 | 1) => {
  const shop = SUPERSHIP_DEMO.accounts[index].shopCode;
  return shippedStoreOrderIds(shop)
    .slice(0, 10)
    .map((soc) => sims.supership.state.latestBySoc.get(`${shop} ${soc}`)!.code);
};

interface GraphQLAnswer {
  data?: { nodes?: Array<{ id: string } | null> };
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}
const NODES = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }";
async function nodes(api: Api, apiKey: string, ids: string[]): Promise<GraphQLAnswer> {
  const res = await fetch(`${api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: NODES, variables: { ids } }),
  });
  return (await res.json()) as GraphQLAnswer;
}
const unavailable = (answer: GraphQLAnswer) => (answer.errors ?? []).filter((e) => e.extensions?.code === "PROVIDER_UNAVAILABLE");

/** Turns of the event loop until `done` (the API, the simulators and the test share one process). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

describe("the Dashboard on a healthy provider", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ urls: sims.urls });
  });
  afterAll(async () => {
    await api.close();
    await latency(sims.hypersku.url, 0);
    await latency(sims.supership.url, 0);
  });

  it("after warm-up at 20 ms latency, its 50 SuperShip lookups are in flight together (one wave), and /readyz shows the limit", async () => {
    const { sdk } = await connectedTenant(api, "Dashboards");
    await latency(sims.hypersku.url, 20);
    await latency(sims.supership.url, 20);
    for (let i = 0; i < 3; i++) await sdk.Dashboard({ first: 50 });
    await simLimits("DELETE"); // zero the peak
    const page = await sdk.Dashboard({ first: 50 });
    expect(page.orders!.edges).toHaveLength(50);
    expect(sims.supership.control.counts().byEndpoint.orderInfo).toBeGreaterThanOrEqual(50);
    expect((await simLimits()).peakInFlight).toBeGreaterThanOrEqual(50);

    const ready = (await (await fetch(`${api.url}/readyz`)).json()) as { providers: Record<string, { circuit: string; limit: number; inFlight: number; queued: number }> };
    expect(ready.providers.supership).toEqual({ circuit: "closed", limit: api.deps.providers.transports.supership.load().limit, inFlight: 0, queued: 0, pausedMs: 0 });
    expect(ready.providers.supership!.limit).toBeGreaterThanOrEqual(50);
    expect(ready.providers.hypersku).toMatchObject({ circuit: "closed", inFlight: 0, queued: 0 });
  });
});

/**
 * These hold the providers' per-tenant lanes by themselves: the tenant admission in front of them
 * (ADMISSION_*, test/api/admission.test.ts) would hold A's flood back before it reached the queue.
 */
const PROVIDER_LANES_ONLY = { ADMISSION_ELU_TARGET: "0" };

describe("fairness between tenants", () => {
  it("tenant B's calls are served while tenant A's flood of 1,200 is still queued", async () => {
    // A fixed limit of 8, so the backlog is long and the count of turns is what is asserted.
    const env = { PROVIDER_CONCURRENCY: "8", PROVIDER_CONCURRENCY_MIN: "8", PROVIDER_CONCURRENCY_MAX: "8", PROVIDER_TENANT_QUEUE: "5000", ...PROVIDER_LANES_ONLY };
    const api = await startApi({ urls: sims.urls, env });
    try {
      const a = await connectedTenant(api, "Flooder", 0);
      const b = await connectedTenant(api, "Quiet", 1);
      const codes = deliveryCodes(1);
      await latency(sims.supership.url, 10);
      const transport = api.deps.providers.transports.supership;
      // 12 requests of 100 Delivery ids: 1,200 SuperShip calls from A.
      const flood = Promise.all(
        Array.from({ length: 12 }, (_, r) =>
          nodes(
            api,
            a.apiKey,
            Array.from({ length: 100 }, (_, i) => deliveryId(`NOPE${r}.${i}`)),
          ),
        ),
      );
      await until(() => transport.load().queued >= 1_150);
      sims.supership.control.clearCounters();

      const answer = await nodes(api, b.apiKey, codes.map(deliveryId));
      const backlog = transport.load().queued;
      const servedMeanwhile = sims.supership.control.counts().total;

      expect(answer.errors).toBeUndefined();
      expect(answer.data!.nodes!.map((n) => n?.id)).toEqual(codes.map(deliveryId));
      // B waited about one turn of A's per call of its own, not behind A's backlog.
      expect(servedMeanwhile).toBeLessThan(60);
      expect(backlog).toBeGreaterThan(1_000);
      await latency(sims.supership.url, 0); // let A's backlog drain quickly
      const flooded = await flood;
      expect(flooded.every((res) => unavailable(res).length === 0)).toBe(true);
    } finally {
      await api.close();
      await latency(sims.supership.url, 0);
    }
  });

  it("a tenant over PROVIDER_TENANT_QUEUE gets PROVIDER_UNAVAILABLE at once; another tenant is not refused", async () => {
    const env = { PROVIDER_CONCURRENCY: "2", PROVIDER_CONCURRENCY_MIN: "2", PROVIDER_CONCURRENCY_MAX: "2", PROVIDER_TENANT_QUEUE: "20", ...PROVIDER_LANES_ONLY };
    const api = await startApi({ urls: sims.urls, env });
    try {
      const a = await connectedTenant(api, "Flooder", 0);
      const b = await connectedTenant(api, "Quiet", 1);
      const codes = deliveryCodes(1);
      await latency(sims.supership.url, 10);
      const flood = Promise.all(
        Array.from({ length: 3 }, (_, r) =>
          nodes(
            api,
            a.apiKey,
            Array.from({ length: 50 }, (_, i) => deliveryId(`NOPE${r}.${i}`)),
          ),
        ),
      );
      await until(() => api.deps.providers.transports.supership.load().queued >= 20);
      const answer = await nodes(api, b.apiKey, codes.map(deliveryId));

      expect(answer.errors).toBeUndefined();
      expect(answer.data!.nodes).toHaveLength(10);
      const refused = (await flood).flatMap(unavailable);
      // 150 calls: at most 2 running + 20 waiting at a time; most of the rest refused at once.
      expect(refused.length).toBeGreaterThanOrEqual(100);
      for (const e of refused) expect(e.message).toBe("supership orderInfo: too many calls queued for this tenant");
    } finally {
      await api.close();
      await latency(sims.supership.url, 0);
    }
  });
});
