import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CreateDeliveryInput, DeliveryUpdatedDocument, type DeliveryUpdatedSubscription } from "../../packages/sdk/src/generated.js";
import { startHyperskuSimulator } from "../../simulators/hypersku/index.js";
import { startSupershipSimulator } from "../../simulators/supership/index.js";
import { simulatorUrls } from "../../src/demo/simulators.js";
import type { DeliveryEvent } from "../../src/resolvers/delivery-events.js";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createRedisStore } from "../../src/store/redis.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/types.js";
import { deliveryEvent } from "../support/delivery-event.js";
import { openSse } from "../support/sse.js";
import { type Api, connectedTenant, startApi } from "../support/stack.js";

/**
 * SuperShip's pushes end to end on real HTTP: a tenant registers through the SDK, the
 * simulator moves a delivery and POSTs its webhook to our route, the event lands in the store
 * (once, however often it is sent) and on the tenant's bus. On SQLite, and on Redis (store,
 * bus and counters) when REDIS_URL is set.
 */

interface SimRecord {
  code: string;
  url: string;
  payload: Record<string, unknown>;
  attempts: number;
  delivered: boolean;
  lastHttpStatus: number | null;
}

const redisUrl = process.env.REDIS_URL;
type Backend = (key: string) => { store: Store; env: Record<string, string> };
const backends: Array<readonly [string, Backend]> = [
  ["sqlite", (key) => ({ store: createSqliteStore({ file: ":memory:", cipher: createCipher(key) }), env: {} })],
  ...(redisUrl
    ? [
        [
          "redis",
          (key: string) => ({ store: createRedisStore({ url: redisUrl, cipher: createCipher(key), prefix: `fg-test:${randomUUID()}:` }), env: { REDIS_URL: redisUrl } }),
        ] as const satisfies readonly [string, Backend],
      ]
    : []),
];
if (!redisUrl) console.warn("REDIS_URL unset: the webhook tests run on SQLite only");

describe.each(backends)("SuperShip webhooks (%s)", (_name, makeStore) => {
  let hypersku: Awaited<ReturnType<typeof startHyperskuSimulator>>;
  let supership: Awaited<ReturnType<typeof startSupershipSimulator>>;
  let api: Api;
  let store: Store;
  // While set, the simulator's first attempt of each delivery reaches us but reads as failed to it, so it sends again.
  let failFirstAttempt = false;
  const attempted = new Set<string>();
  let a: Awaited<ReturnType<typeof connectedTenant>>;
  let b: Awaited<ReturnType<typeof connectedTenant>>;
  const warehouses = new Map<string, string>();
  let seq = 0;

  beforeAll(async () => {
    hypersku = await startHyperskuSimulator({});
    supership = await startSupershipSimulator({
      webhookRetry: { attempts: 3, delayMs: 20 },
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        const body = String(init?.body);
        if (!failFirstAttempt || attempted.has(body)) return res;
        attempted.add(body);
        return new Response("upstream hiccup", { status: 502 });
      },
    });
    const key = generateKey();
    ({ store } = makeStore(key));
    api = await startApi({ urls: simulatorUrls(hypersku.url, supership.url), store, encryptionKey: key, env: makeStore(key).env });
    a = await connectedTenant(api, "Shop A", 0);
    b = await connectedTenant(api, "Shop B", 1);
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
    await Promise.all([hypersku?.close(), supership?.close()]);
  });

  const sim = (path: string, init?: RequestInit) => fetch(`${supership.url}/__sim/supership${path}`, init);
  const settled = async (): Promise<SimRecord[]> => (await sim("/webhook-deliveries?settle=1")).json() as Promise<SimRecord[]>;
  const advance = async (code: string) => {
    const res = await sim(`/orders/${encodeURIComponent(code)}/advance`, { method: "POST" });
    expect(res.status).toBe(200);
    return ((await res.json()) as { status: string }).status;
  };
  const post = (url: string, body: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const events = (tenantId: string, code: string) => store.listDeliveryEvents(tenantId, code);

  async function register(t: typeof a) {
    const res = await t.sdk.RegisterSupershipWebhook();
    if (res.registerSupershipWebhook.__typename !== "MutationRegisterSupershipWebhookSuccess") throw new Error(JSON.stringify(res));
    return res.registerSupershipWebhook.data;
  }
  async function book(t: typeof a): Promise<string> {
    if (!warehouses.has(t.tenantId)) warehouses.set(t.tenantId, (await t.sdk.Warehouses()).warehouses!.find((w) => w.primary)!.code);
    const input: CreateDeliveryInput = {
      idempotencyKey: `hook-test-${randomUUID()}`,
      receiver: { name: "Nguyễn Thị Hoa", phone: "0912345678", address: "25 Lũy Bán Bích", province: "Hồ Chí Minh", district: "Tân Phú", commune: "Tân Thới Hòa" },
      warehouseCode: warehouses.get(t.tenantId)!,
      weightGrams: 800,
      codAmount: 250_000,
      goods: "Áo thun",
      senderOrderCode: `HOOK-${randomUUID().slice(0, 8)}-${++seq}`,
    };
    const res = await t.sdk.CreateDelivery({ input });
    if (res.createDelivery.__typename !== "MutationCreateDeliverySuccess") throw new Error(JSON.stringify(res.createDelivery));
    return res.createDelivery.data.code;
  }
  /**
   * The tenant's bus, live before it returns: a subscription reaches Redis asynchronously, so
   * probe events are published until one arrives; `next` skips them.
   */
  const listen = async (tenantId: string) => {
    const it = api.deps.events.subscribe(tenantId)[Symbol.asyncIterator]();
    const probe: DeliveryEvent = { ...(await sampleEvent(tenantId)), code: "PROBE" };
    const first = it.next();
    const arrived = () => Promise.race([first.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20))]);
    do api.deps.events.publish(probe);
    while (!(await arrived()));
    return {
      next: async () => {
        for (;;) {
          const e = (await it.next()).value as DeliveryEvent;
          if (e.code !== "PROBE") return e;
        }
      },
      close: () => it.return?.(),
    };
  };
  const sampleEvent = async (tenantId: string): Promise<DeliveryEvent> => deliveryEvent(tenantId, { code: "", status: "1", statusName: "", receivedAt: 0 });
  const lastRecord = async (code: string) => (await settled()).filter((r) => r.code === code).at(-1)!;

  it("register → the simulator pushes a status change to our route → stored once and published to the tenant", async () => {
    const reg = await register(a);
    expect(reg).toMatchObject({ ours: true, url: `${api.url}/webhooks/supership/***` });
    const view = await a.sdk.SupershipWebhook();
    expect(view.viewer.supership.webhook).toMatchObject({ ours: true, url: `${api.url}/webhooks/supership/***` });
    expect(await register(a)).toMatchObject({ ours: true }); // again: the same URL

    const code = await book(a);
    const bus = await listen(a.tenantId);
    const status = await advance(code);
    const record = await lastRecord(code);
    expect(record).toMatchObject({ delivered: true, attempts: 1, lastHttpStatus: 200 });
    expect(record.url).toMatch(new RegExp(`^${api.url}/webhooks/supership/[A-Za-z0-9_-]{43}$`));

    const published = await bus.next();
    await bus.close();
    expect(published).toMatchObject({ tenantId: a.tenantId, code, status, type: "update_status", soc: expect.stringMatching(/^HOOK-/) });
    const stored = await events(a.tenantId, code);
    expect(stored).toEqual([published]);
    // The token is a secret: in no log line (the access log masks it).
    const token = record.url.split("/").at(-1)!;
    expect(api.logs.join("").includes(token)).toBe(false);
    expect(api.logs.join("")).toContain("/webhooks/supership/***");
  });

  it("a duplicate (the same body twice, and the simulator sending again) answers 200 and stores one event", async () => {
    const code = await book(a);
    await advance(code);
    const record = await lastRecord(code);
    const body = JSON.stringify(record.payload);
    for (const res of [await post(record.url, body), await post(record.url, body)]) {
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, duplicate: true });
    }
    expect(await events(a.tenantId, code)).toHaveLength(1);

    failFirstAttempt = true;
    try {
      await advance(code);
      const resent = await lastRecord(code);
      expect(resent).toMatchObject({ delivered: true, attempts: 2 }); // our first 200 read as failed: sent again
    } finally {
      failFirstAttempt = false;
    }
    expect((await events(a.tenantId, code)).map((e) => e.type)).toEqual(["update_status", "update_status"]);
  });

  it("a weight change and a legacy payload (no type, no pushed_at) are accepted; the legacy one stored once", async () => {
    const code = await book(a);
    const res = await sim(`/orders/${encodeURIComponent(code)}/weight`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ weight: 1500 }),
    });
    expect(res.status).toBe(200);
    const record = await lastRecord(code);
    const [weighed] = await events(a.tenantId, code);
    expect(weighed).toMatchObject({ type: "update_weight", weightGrams: 1500 });

    const legacy = {
      code,
      soc: "LEGACY-1",
      phone: "0912345678",
      address: "25 Lũy Bán Bích",
      amount: 250000,
      weight: 1500,
      fshipment: 30000,
      status: "3",
      status_name: "Đang Lấy Hàng",
      created_at: "2026-01-02 03:04:05",
      updated_at: "2026-01-02 04:05:06",
    };
    for (let i = 0; i < 2; i++) expect((await post(record.url, JSON.stringify(legacy))).status).toBe(200);
    const stored = await events(a.tenantId, code);
    expect(stored).toHaveLength(2);
    expect(stored[1]).toMatchObject({ type: "update_status", status: "3", soc: "LEGACY-1", pushedAt: null, shipmentFee: 30000 });
  });

  it("an unknown token is 404 and a malformed body 400, storing nothing; the warning names paths, never values", async () => {
    const code = await book(a);
    await advance(code);
    const record = await lastRecord(code);
    const before = await events(a.tenantId, code);
    const changed = JSON.stringify({ ...record.payload, status: "5", pushed_at: "2026-02-03T04:05:06+07:00" });
    const unknown = `${api.url}/webhooks/supership/${randomBytes(32).toString("base64url")}`;
    for (const url of [unknown, `${api.url}/webhooks/supership/short`]) {
      const res = await post(url, changed);
      expect(res.status).toBe(404);
    }
    const secretName = "Receiver-SECRET-Name-123";
    const bad = ["{not json", JSON.stringify({ ...record.payload, name: secretName, status: "five", status_name: undefined, pushed_at: "2026-02-03T04:05:06+07:00" })];
    for (const body of bad) {
      const res = await post(record.url, body);
      expect(res.status).toBe(400);
    }
    expect(await events(a.tenantId, code)).toEqual(before);
    const warns = api.logs.filter((l) => l.includes("SuperShip webhook payload not understood"));
    expect(warns).toHaveLength(2);
    expect(warns[1]).toContain('"paths":["status","status_name"]');
    expect(warns.join("")).not.toContain(secretName);
    expect(warns.join("")).not.toContain("five");
  });

  it("rotation: the new URL is registered, the old token answers 404", async () => {
    const code = await book(a); // created before the rotation: SuperShip keeps its old URL (§5 E2)
    await advance(code);
    const old = await lastRecord(code);
    const res = await a.sdk.RotateSupershipWebhookToken();
    expect(res.rotateSupershipWebhookToken).toMatchObject({ data: { ours: true } });
    const again = JSON.stringify({ ...old.payload, pushed_at: "2026-03-01T00:00:00+07:00" });
    expect((await post(old.url, again)).status).toBe(404);

    const later = await book(a);
    await advance(later);
    const fresh = await lastRecord(later);
    expect(fresh.url).not.toBe(old.url);
    expect(fresh).toMatchObject({ delivered: true, lastHttpStatus: 200 });
    expect(await events(a.tenantId, later)).toHaveLength(1);
    expect((await a.sdk.SupershipWebhook()).viewer.supership.webhook?.ours).toBe(true);
  });

  it("two tenants: each event lands on its own tenant only", async () => {
    await register(b);
    const [codeA, codeB] = [await book(a), await book(b)];
    const busA = await listen(a.tenantId);
    const busB = await listen(b.tenantId);
    await advance(codeB);
    await settled();
    await advance(codeA);
    await settled();
    // A's first event is its own: B's, published before it, never reached A.
    expect((await busA.next()).code).toBe(codeA);
    expect((await busB.next()).code).toBe(codeB);
    await Promise.all([busA.close(), busB.close()]);
    expect(await events(b.tenantId, codeB)).toHaveLength(1);
    expect(await events(a.tenantId, codeB)).toEqual([]);
    expect(await events(b.tenantId, codeA)).toEqual([]);
  });

  it("disconnecting SuperShip deletes the endpoint token: later pushes answer 404 and store nothing", async () => {
    const code = await book(b);
    await advance(code);
    const record = await lastRecord(code);
    const res = await b.sdk.DisconnectProvider({ provider: "SUPERSHIP" });
    expect(res.disconnectProvider.__typename).toBe("MutationDisconnectProviderSuccess");
    expect((await post(record.url, JSON.stringify({ ...record.payload, status: "5", pushed_at: "2026-04-01T00:00:00+07:00" }))).status).toBe(404);
    expect(await events(b.tenantId, code)).toHaveLength(1);
    expect((await b.sdk.SupershipWebhook()).viewer.supership).toEqual({ state: "NOT_CONNECTED", webhook: null });
  });

  it("a body past SUPERSHIP_WEBHOOK_MAX_BODY_BYTES is a 413, storing nothing", async () => {
    const code = await book(a);
    await advance(code);
    const record = await lastRecord(code);
    const big = JSON.stringify({ ...record.payload, status: "5", pushed_at: "2026-05-01T00:00:00+07:00", address: "x".repeat(70_000) });
    expect((await post(record.url, big)).status).toBe(413);
    expect(await events(a.tenantId, code)).toHaveLength(1);
  });

  it("revoking the tenant deletes its token and its events: later pushes answer 404", async () => {
    const code = await book(a);
    await advance(code);
    const record = await lastRecord(code);
    expect(await events(a.tenantId, code)).toHaveLength(1);
    await store.revokeTenant(a.tenantId);
    expect(await events(a.tenantId, code)).toEqual([]);
    expect((await post(record.url, JSON.stringify({ ...record.payload, status: "5", pushed_at: "2026-06-01T00:00:00+07:00" }))).status).toBe(404);
    expect(await events(a.tenantId, code)).toEqual([]);
  });
});

describe("SuperShip webhooks: limits and replicas", () => {
  it("more than RATE_LIMIT_PER_WEBHOOK_TOKEN deliveries to one endpoint in a window are 429 (SuperShip resends), others' endpoints unaffected", async () => {
    const hypersku = await startHyperskuSimulator({});
    const supership = await startSupershipSimulator({});
    const api = await startApi({ urls: simulatorUrls(hypersku.url, supership.url), env: { RATE_LIMIT_PER_WEBHOOK_TOKEN: "3" } });
    try {
      const t = await connectedTenant(api, "Limited", 0);
      expect((await t.sdk.RegisterSupershipWebhook()).registerSupershipWebhook.__typename).toBe("MutationRegisterSupershipWebhookSuccess");
      const token = (await api.store.getWebhookToken(t.tenantId))!.token;
      const legacy = (i: number) => JSON.stringify({ code: `C${i}`, status: "3", status_name: "Đang Lấy Hàng" });
      const send = (tok: string, i: number) => fetch(`${api.url}/webhooks/supership/${tok}`, { method: "POST", body: legacy(i) }).then((r) => r.status);
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push(await send(token, i));
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(await send(randomBytes(32).toString("base64url"), 9)).toBe(404);
      expect((await Promise.all([0, 1, 2, 3, 4].map((i) => api.store.listDeliveryEvents(t.tenantId, `C${i}`)))).map((e) => e.length)).toEqual([1, 1, 1, 0, 0]);
    } finally {
      await api.close();
      await Promise.all([hypersku.close(), supership.close()]);
    }
  });

  it.runIf(redisUrl)("two replicas on Redis: the webhook lands on replica 1, subscribers on replica 2 (its bus, and SSE) get it, and both read the stored event", async () => {
    const hypersku = await startHyperskuSimulator({});
    const supership = await startSupershipSimulator({});
    const key = generateKey();
    const prefix = `fg-test:${randomUUID()}:`;
    const stores = [0, 1].map(() => createRedisStore({ url: redisUrl!, cipher: createCipher(key), prefix }));
    const urls = simulatorUrls(hypersku.url, supership.url);
    const [one, two] = await Promise.all(stores.map((store) => startApi({ urls, store, encryptionKey: key, env: { REDIS_URL: redisUrl! } })));
    try {
      const t = await connectedTenant(one!, "Replicated", 0);
      await t.sdk.RegisterSupershipWebhook();
      const token = (await stores[0]!.getWebhookToken(t.tenantId))!.token;
      const it = two!.deps.events.subscribe(t.tenantId)[Symbol.asyncIterator]();
      const first = it.next();
      let got: DeliveryEvent | undefined;
      void first.then((r) => (got = r.value as DeliveryEvent));
      // The subscription reaches Redis asynchronously: push distinct changes until one arrives.
      for (let i = 0; i < 100 && !got; i++) {
        const body = JSON.stringify({ code: "R1", status: "3", status_name: "Đang Lấy Hàng", pushed_at: `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}+07:00` });
        expect((await fetch(`${one!.url}/webhooks/supership/${token}`, { method: "POST", body })).status).toBe(200);
        await new Promise((r) => setTimeout(r, 20));
      }
      await it.return?.();
      expect(got).toMatchObject({ tenantId: t.tenantId, code: "R1" });
      const [viaOne, viaTwo] = await Promise.all(stores.map((s) => s.listDeliveryEvents(t.tenantId, "R1")));
      expect(viaTwo).toEqual(viaOne);
      expect(viaTwo!.length).toBeGreaterThan(0);

      // The same over the wire a dashboard uses: an SSE subscriber on replica 2, the webhook POSTed to replica 1.
      const stream = await openSse(`${two!.url}/graphql`, { query: DeliveryUpdatedDocument, variables: { codes: ["R2"] }, headers: { authorization: `Bearer ${t.apiKey}` } });
      expect(stream.status).toBe(200);
      let update: DeliveryUpdatedSubscription["deliveryUpdated"] | undefined;
      void stream.result<DeliveryUpdatedSubscription>().then((r) => (update = r.data?.deliveryUpdated));
      for (let i = 0; i < 100 && !update; i++) {
        const body = JSON.stringify({ code: "R2", status: "5", status_name: "Đã Lấy Hàng", pushed_at: `2026-01-01T00:01:${String(i % 60).padStart(2, "0")}+07:00` });
        expect((await fetch(`${one!.url}/webhooks/supership/${token}`, { method: "POST", body })).status).toBe(200);
        await new Promise((r) => setTimeout(r, 20));
      }
      stream.close();
      expect(update).toMatchObject({ code: "R2", statusCode: "5" });
    } finally {
      await Promise.all([one!.close(), two!.close()]);
      await Promise.all(stores.map((s) => s.close()));
      await Promise.all([hypersku.close(), supership.close()]);
    }
  });
});
