import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SUPERSHIP_DEMO, shippedStoreOrderIds } from "../../simulators/supership/index.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * Tenant-fair admission through the whole stack (docs/decisions/020-tenant-admission.md): while
 * two tenants compete on a busy process, each runs at most its share of operations at once and a
 * light tenant never waits behind a heavy one's backlog. "Busy" is forced by a utilization target
 * of 0.000001 (any event loop is above it), so the counts do not depend on this machine's speed.
 */

let sims: Simulators;
beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(() => sims.close());

const latency = (fixedMs: number) => fetch(`${sims.supership.url}/__sim/latency`, { method: "POST", body: JSON.stringify({ fixedMs }) });
afterEach(() => latency(0));

const deliveryId = (code: string) => Buffer.from(`Delivery:${code}`).toString("base64");
const deliveryIds = (index: 0 | 1, n: number) => {
  const shop = SUPERSHIP_DEMO.accounts[index].shopCode;
  return shippedStoreOrderIds(shop)
    .slice(0, n)
    .map((soc) => deliveryId(sims.supership.state.latestBySoc.get(`${shop} ${soc}`)!.code));
};

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: { nodes?: Array<{ id: string } | null> } | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}
const NODES = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }";
async function nodes(api: Api, apiKey: string, ids: string[]): Promise<Answer> {
  const res = await fetch(`${api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: NODES, variables: { ids } }),
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as Answer["body"] };
}
type Admission = { contended: boolean; activeTenants: number; limit: number | null; running: number; waiting: number };
const admission = async (api: Api) => ((await (await fetch(`${api.url}/readyz`)).json()) as { admission: Admission }).admission;
async function until(api: Api, done: (a: Admission) => boolean): Promise<Admission> {
  for (;;) {
    const a = await admission(api);
    if (done(a)) return a;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("two tenants on a busy process", () => {
  let api: Api;
  let a: Awaited<ReturnType<typeof connectedTenant>>;
  let b: Awaited<ReturnType<typeof connectedTenant>>;
  beforeAll(async () => {
    api = await startApi({ urls: sims.urls, env: { ADMISSION_ELU_TARGET: "0.000001", ADMISSION_IDLE_MS: "60000", ADMISSION_TENANT_QUEUE: "4" } });
    a = await connectedTenant(api, "flood-a", 0, { hypersku: false });
    b = await connectedTenant(api, "light-b", 1, { hypersku: false });
  });
  afterAll(() => api.close());

  it("tenant A runs one operation at a time while B is active; B's operation is admitted while A's backlog still waits", async () => {
    const [idsA, idsB] = [deliveryIds(0, 5), deliveryIds(1, 5)];
    expect((await nodes(api, b.apiKey, idsB)).body.errors).toBeUndefined(); // B is active from now on (ADMISSION_IDLE_MS)
    await latency(500);
    const flood = Array.from({ length: 5 }, () => nodes(api, a.apiKey, idsA));
    const held = await until(api, (s) => s.waiting >= 3);
    expect(held).toMatchObject({ contended: true, activeTenants: 2, limit: 2, running: 1 });
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/^fulfillment_admission_active_tenants 2$/m);
    expect(Number(/^fulfillment_admission_waiting (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);

    const light = await nodes(api, b.apiKey, idsB);
    expect(light.body.errors).toBeUndefined();
    expect(light.body.data?.nodes).toHaveLength(5);
    // B went through although A's backlog was ahead of it: A's later operations still had not run.
    expect((await admission(api)).waiting).toBeGreaterThanOrEqual(1);

    const answers = await Promise.all(flood);
    expect(answers.map((x) => x.status)).toEqual(Array(5).fill(200));
    expect(answers.every((x) => x.body.data?.nodes?.length === 5 && !x.body.errors)).toBe(true);
    expect(await admission(api)).toMatchObject({ running: 0, waiting: 0 });
  });

  it("beyond ADMISSION_TENANT_QUEUE waiting operations, the tenant's next ones get 503 TENANT_BUSY with Retry-After; the other tenant's do not", async () => {
    await latency(1_000); // nothing of A ends while its 10 arrive
    const ids = deliveryIds(0, 2);
    const flood = Array.from({ length: 10 }, () => nodes(api, a.apiKey, ids));
    const light = await nodes(api, b.apiKey, deliveryIds(1, 2));
    const answers = await Promise.all(flood);
    const busy = answers.filter((x) => x.body.errors?.[0]?.extensions?.code === "TENANT_BUSY");
    // One running and four waiting: the other five are refused at once, and nothing ran for them.
    expect(busy).toHaveLength(5);
    for (const x of busy) {
      expect(x.status).toBe(503);
      expect(x.retryAfter).toBe("1");
      expect(x.body.data ?? null).toBeNull();
    }
    expect(answers.filter((x) => x.status === 200 && !x.body.errors)).toHaveLength(5);
    expect(light.status).toBe(200);
    expect(light.body.errors).toBeUndefined();
  });
});

describe("one tenant alone", () => {
  it("is never held, however busy the process: all of its operations run at once", async () => {
    const api = await startApi({ urls: sims.urls, env: { ADMISSION_ELU_TARGET: "0.000001" } });
    try {
      const a = await connectedTenant(api, "alone", 0, { hypersku: false });
      await latency(1_000); // nothing ends while the 10 arrive
      const flood = Array.from({ length: 10 }, () => nodes(api, a.apiKey, deliveryIds(0, 2)));
      expect(await until(api, (s) => s.running === 10)).toMatchObject({ contended: false, activeTenants: 1, waiting: 0 });
      expect((await Promise.all(flood)).every((x) => x.status === 200 && !x.body.errors)).toBe(true);
    } finally {
      await api.close();
    }
  });
});
