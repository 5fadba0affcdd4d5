import { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createControl } from "../../simulators/shared/control.js";
import { type Listening, listen } from "../../simulators/shared/server.js";
import { ProviderHttpError, ProviderNetworkError, ProviderOverloadedError, ProviderSchemaError, ProviderTimeoutError } from "../../src/domain/provider-errors.js";
import { createLogger } from "../../src/logger.js";
import { type Exchange, undiciExchange } from "../../src/providers/exchange.js";
import { type CallEvent, createTransport, type HttpRequest, type RetryEvent, type TransportOptions, withHeaders } from "../../src/providers/http.js";

/**
 * The shared transport against a tiny loopback app that uses the simulators' control surface,
 * so faults, counters and the call log behave exactly as they do in the provider simulators.
 */

const control = createControl({ corrupt: () => ({ status: "corrupted" }) });
const app = new Hono();
let inFlight = 0;
let maxInFlight = 0;
let seenAuthorization: string | undefined;

// Outermost, so the control's injected latency counts as "in flight".
const track = async (_c: unknown, next: () => Promise<void>) => {
  maxInFlight = Math.max(maxInFlight, ++inFlight);
  try {
    await next();
  } finally {
    inFlight--;
  }
};
control.mount(app);
app.get("/thing", track, control.endpoint("thing"), (c) => {
  seenAuthorization = c.req.header("authorization");
  return c.json({ ok: true, thing: c.req.query("n") ?? null });
});
app.post("/write", control.endpoint("write"), (c) => c.json({ ok: true }));

let server: Listening;
beforeAll(async () => {
  server = await listen(app);
});
afterAll(() => server.close());
beforeEach(async () => {
  await fetch(`${server.url}/__sim/reset`, { method: "POST" });
  await fetch(`${server.url}/__sim/latency`, { method: "POST", body: JSON.stringify({ fixedMs: 0 }) });
  inFlight = 0;
  maxInFlight = 0;
  seenAuthorization = undefined;
});

const transport = (opts: Partial<TransportOptions> = {}) =>
  createTransport({ provider: "hypersku", baseUrl: server.url, timeoutMs: 2_000, retryBaseMs: 10, random: () => 0, ...opts });
const getThing: HttpRequest = { endpoint: "thing", method: "GET", path: "/thing", idempotent: true };
const postWrite: HttpRequest = { endpoint: "write", method: "POST", path: "/write", body: { a: 1 }, idempotent: false };
const count = (name: string) => control.counts().byEndpoint[name] ?? 0;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("call should fail"),
    (e: unknown) => e,
  );
type Fault = Parameters<typeof control.addFault>[0];
/** A fault through the simulators' HTTP control surface, as the other suites and the benchmark set them. */
const simFault = async (rule: Fault) => {
  const res = await fetch(`${server.url}/__sim/faults`, { method: "POST", body: JSON.stringify(rule) });
  expect(res.status).toBe(201);
};
/** undici's exchange, recording the timeout the transport gave each call (what it asked for, not how long anything took). */
function spiedExchange(defaultTimeoutMs = 2_000): { exchange: Exchange; timeouts: Array<number | undefined> } {
  const real = undiciExchange(defaultTimeoutMs);
  const timeouts: Array<number | undefined> = [];
  return { exchange: (url, init) => (timeouts.push(init.timeoutMs), real(url, init)), timeouts };
}
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A deadline `ms` from now, as the API sets one per request. */
const within = (ms: number) => performance.now() + ms;

describe("retries", () => {
  it.each<[string, Fault, Partial<TransportOptions>]>([
    ["http500", { endpoint: "thing", kind: "http500", times: 2 }, {}],
    ["http503", { endpoint: "thing", kind: "http503", times: 2, retryAfterSeconds: 0 }, {}],
    ["timeout", { endpoint: "thing", kind: "hang", times: 2, hangMs: 1_000 }, { timeoutMs: 150 }],
    ["reset", { endpoint: "thing", kind: "reset", times: 2 }, {}],
    ["a 200 whose body is not JSON", { endpoint: "thing", kind: "malformed", times: 2 }, {}],
  ])("GET is retried on %s and finally succeeds", async (_kind, fault, opts) => {
    control.addFault(fault);
    const res = await transport({ retries: 2, ...opts }).send(getThing);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, thing: null });
    expect(count("thing")).toBe(3);
  });

  it.each<Fault["kind"]>(["http500", "http503", "http429", "hang", "reset", "malformed"])("POST is never retried on %s", async (kind) => {
    control.addFault({ endpoint: "write", kind, retryAfterSeconds: 0, hangMs: 1_000 });
    await failure(transport({ retries: 3, timeoutMs: 150 }).send(postWrite));
    expect(count("write")).toBe(1);
  });

  it("`retries: 2` means at most 3 calls (cockatiel maxAttempts counts retries, not calls)", async () => {
    control.addFault({ endpoint: "thing", kind: "http500" });
    const err = await failure(transport({ retries: 2 }).send(getThing));
    expect(err).toBeInstanceOf(ProviderHttpError);
    expect(count("thing")).toBe(3);
  });

  it("`retries: 0` means exactly one call", async () => {
    control.addFault({ endpoint: "thing", kind: "http500" });
    await failure(transport({ retries: 0 }).send(getThing));
    expect(count("thing")).toBe(1);
  });

  it("waits the Retry-After of a 429 before retrying: the policy reports 1000 ms for `Retry-After: 1`", async () => {
    control.addFault({ endpoint: "thing", kind: "http429", times: 1, retryAfterSeconds: 1 });
    const retries: RetryEvent[] = [];
    // random: () => 0 makes the jittered backoff 0, so the delay is the Retry-After alone.
    // The 1 s wait is real (cockatiel's timer), but nothing here asserts on the clock.
    await transport({ onRetry: (e) => retries.push(e) }).send(getThing);
    expect(retries).toEqual([{ provider: "hypersku", endpoint: "thing", method: "GET", attempt: 1, delayMs: 1_000, status: 429, error: "ProviderHttpError" }]);
    expect(
      control
        .log()
        .filter((r) => r.endpoint === "thing")
        .map((r) => r.status),
    ).toEqual([429, 200]);
  });

  it("backs off exponentially with full jitter, capped at retryMaxMs, and a longer Retry-After wins", async () => {
    control.addFault({ endpoint: "thing", kind: "http500" });
    const delays: number[] = [];
    // ceilings: min(40, 10 · 2^(n-1)) = 10, 20, 40, 40; random 0.5 → 5, 10, 20, 20.
    await failure(transport({ retries: 4, retryBaseMs: 10, retryMaxMs: 40, random: () => 0.5, onRetry: (e) => delays.push(e.delayMs) }).send(getThing));
    expect(delays).toEqual([5, 10, 20, 20]);
    expect(count("thing")).toBe(5);

    await fetch(`${server.url}/__sim/faults`, { method: "DELETE" });
    control.addFault({ endpoint: "thing", kind: "http503", times: 1, retryAfterSeconds: 0 });
    const zero: RetryEvent[] = [];
    // Retry-After: 0 asks for no wait, so the jittered backoff (0.5 · 10) is what the policy waits.
    await transport({ random: () => 0.5, onRetry: (e) => zero.push(e) }).send(getThing);
    expect(zero.map((e) => [e.status, e.delayMs])).toEqual([[503, 5]]);
  });

  it("fails at once when Retry-After exceeds maxRetryAfterMs: no retry is scheduled", async () => {
    control.addFault({ endpoint: "thing", kind: "http429", retryAfterSeconds: 30 });
    const retries: RetryEvent[] = [];
    const err = await failure(transport({ maxRetryAfterMs: 1_000, onRetry: (e) => retries.push(e) }).send(getThing));
    expect(err).toBeInstanceOf(ProviderHttpError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 30_000 });
    expect(retries).toEqual([]);
    expect(count("thing")).toBe(1);
  });
});

describe("error classes", () => {
  it.each<[Fault["kind"], new (...args: never[]) => Error, Record<string, unknown>]>([
    ["http500", ProviderHttpError, { status: 500, retryable: true }],
    ["http503", ProviderHttpError, { status: 503, retryAfterMs: 0 }],
    ["http429", ProviderHttpError, { status: 429 }],
    ["hang", ProviderTimeoutError, { timeoutMs: 150 }],
    ["reset", ProviderNetworkError, { retryable: true }],
    ["malformed", ProviderSchemaError, { retryable: true }], // a garbled body; a write is still never retried
  ])("%s → %o", async (kind, cls, props) => {
    control.addFault({ endpoint: "write", kind, retryAfterSeconds: 0, hangMs: 1_000 });
    const err = await failure(transport({ timeoutMs: 150 }).send(postWrite));
    expect(err).toBeInstanceOf(cls);
    expect(err).toMatchObject({ provider: "hypersku", endpoint: "write", method: "POST", ...props });
  });

  it("a 4xx other than 429 is returned to the client, which maps it", async () => {
    const res = await transport().send({ endpoint: "missing", method: "GET", path: "/nope", idempotent: true });
    expect(res.status).toBe(404);
  });
});

describe("deadlines", () => {
  it("gives each attempt the provider timeout, or what is left of the request's budget when that is shorter", async () => {
    const { exchange, timeouts } = spiedExchange();
    const calls: CallEvent[] = [];
    const t = transport({ exchange, timeoutMs: 2_000, onCall: (e) => calls.push(e) });
    await t.send(getThing);
    await t.send({ ...getThing, deadline: within(300) });
    expect(timeouts[0]).toBe(2_000);
    expect(timeouts[1]).toBeGreaterThan(0);
    expect(timeouts[1]).toBeLessThanOrEqual(300);
    expect(calls.map((c) => c.timeoutMs)).toEqual(timeouts);
  });

  it("a read hanging past the budget: its first attempt gets half of it, so a retry fits; none runs past the budget", async () => {
    await simFault({ endpoint: "thing", kind: "hang", hangMs: 5_000 });
    const retried: RetryEvent[] = [];
    const calls: CallEvent[] = [];
    const t = transport({ retries: 2, retryBaseMs: 10, onRetry: (e) => retried.push(e), onCall: (e) => calls.push(e) });
    const err = await failure(t.send({ ...getThing, deadline: within(400) }));
    expect(err).toBeInstanceOf(ProviderTimeoutError);
    expect(err).toMatchObject({ code: "PROVIDER_TIMEOUT", limitedBy: "budget" });
    expect(calls[0]?.timeoutMs).toBeLessThanOrEqual(200);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(retried).toHaveLength(calls.length - 1);
    expect(calls.reduce((sum, c) => sum + (c.timeoutMs ?? 0), 0) + retried.reduce((sum, r) => sum + r.delayMs, 0)).toBeLessThanOrEqual(400);
    expect(count("thing")).toBe(calls.length);
  });

  it("a call still waiting for a slot when its deadline comes fails with PROVIDER_TIMEOUT, without HTTP", async () => {
    await simFault({ endpoint: "write", kind: "hang", hangMs: 2_000, times: 1 });
    const t = transport({ concurrency: 1, concurrencyMin: 1, concurrencyMax: 1, timeoutMs: 1_000 });
    const holding = failure(t.send(postWrite));
    const err = await failure(t.send({ ...getThing, deadline: within(200) }));
    expect(err).toMatchObject({ code: "PROVIDER_TIMEOUT", limitedBy: "budget", timeoutMs: 0 });
    expect(count("thing")).toBe(0);
    await holding;
  });

  it("a write hanging past the budget is attempted once, with all of what is left", async () => {
    await simFault({ endpoint: "write", kind: "hang", hangMs: 5_000 });
    const calls: CallEvent[] = [];
    const err = await failure(transport({ retries: 2, onCall: (e) => calls.push(e) }).send({ ...postWrite, deadline: within(300) }));
    expect(err).toMatchObject({ code: "PROVIDER_TIMEOUT", limitedBy: "budget" });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.timeoutMs).toBeGreaterThan(150);
    expect(count("write")).toBe(1);
  });

  it("a call made after its deadline, or too close to it for a minimal attempt, fails at once with PROVIDER_TIMEOUT, without HTTP", async () => {
    const calls: CallEvent[] = [];
    const t = transport({ minAttemptMs: 50, onCall: (e) => calls.push(e) });
    for (const deadline of [performance.now() - 1, within(20)]) {
      const err = await failure(t.send({ ...getThing, deadline }));
      expect(err).toBeInstanceOf(ProviderTimeoutError);
      expect(err).toMatchObject({ code: "PROVIDER_TIMEOUT", timeoutMs: 0, limitedBy: "budget" });
    }
    expect(calls).toEqual([]);
    expect(count("thing")).toBe(0);
  });

  it.each<[string, Fault, Partial<TransportOptions>]>([
    // random 1: the first backoff is the whole retryBaseMs, 400 ms; with a minimal attempt it cannot fit 300 ms.
    ["a 500 whose backoff", { endpoint: "thing", kind: "http500", times: 1 }, { retryBaseMs: 400, random: () => 1 }],
    ["a 429 whose Retry-After", { endpoint: "thing", kind: "http429", times: 1, retryAfterSeconds: 1 }, {}],
  ])("%s does not fit the budget is not retried (onRetry not called); with budget to spare it is", async (_what, fault, opts) => {
    const retried: RetryEvent[] = [];
    const t = transport({ retries: 2, ...opts, onRetry: (e) => retried.push(e) });
    await simFault(fault);
    expect(await failure(t.send({ ...getThing, deadline: within(300) }))).toBeInstanceOf(ProviderHttpError);
    expect(retried).toEqual([]);
    expect(count("thing")).toBe(1);

    await simFault(fault);
    expect((await t.send({ ...getThing, deadline: within(5_000) })).status).toBe(200);
    expect(retried).toHaveLength(1);
    expect(count("thing")).toBe(3);
  });
});

describe("circuit breaker", () => {
  it("opens when more than breakerFailureRate of the window's calls failed, once it holds breakerMinCalls, then sheds calls without HTTP", async () => {
    await simFault({ endpoint: "write", kind: "http500" });
    const t = transport({ breakerMinCalls: 4, breakerFailureRate: 0.5 });
    for (let i = 0; i < 3; i++) expect(await failure(t.send(postWrite))).toBeInstanceOf(ProviderHttpError);
    expect(t.circuitState()).toBe("closed"); // three failures, but fewer calls than breakerMinCalls
    expect(await failure(t.send(postWrite))).toBeInstanceOf(ProviderHttpError);
    expect(t.circuitState()).toBe("open");
    expect(count("write")).toBe(4);
    const err = await failure(t.send(postWrite));
    expect(err).toBeInstanceOf(ProviderOverloadedError);
    expect(err).toMatchObject({ code: "PROVIDER_UNAVAILABLE" });
    expect(count("write")).toBe(4);
  });

  it.each([
    [6, "open"],
    [4, "closed"],
  ])("counts timeouts as failures: %i of 10 calls timing out leaves the circuit %s", async (timeouts, state) => {
    const t = transport({ timeoutMs: 100, breakerMinCalls: 10, breakerFailureRate: 0.5, retries: 0 });
    for (let i = 0; i < 10 - timeouts; i++) await t.send(getThing);
    await simFault({ endpoint: "thing", kind: "hang", hangMs: 2_000, times: timeouts });
    const results = await Promise.allSettled(Array.from({ length: timeouts }, () => t.send(getThing)));
    for (const r of results) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "PROVIDER_TIMEOUT", limitedBy: "provider" });
    expect(t.circuitState()).toBe(state);
    const before = count("thing");
    const next = await t.send(getThing).then(
      () => "answered",
      (e: unknown) => e,
    );
    if (state === "open") {
      expect(next).toBeInstanceOf(ProviderOverloadedError);
      expect(count("thing")).toBe(before); // shed: no HTTP
    } else {
      expect(next).toBe("answered");
      expect(count("thing")).toBe(before + 1);
    }
  });

  it("does not count timeouts a caller's short budget cut below the probe timeout: one tenant's tiny budget opens nothing", async () => {
    const t = transport({ timeoutMs: 1_000, probeTimeoutMs: 500, breakerMinCalls: 5, concurrency: 32 });
    await simFault({ endpoint: "thing", kind: "hang", hangMs: 2_000, times: 20 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => t.send({ ...getThing, deadline: within(100) })));
    for (const r of results) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "PROVIDER_TIMEOUT", limitedBy: "budget" });
    expect(count("thing")).toBe(20);
    expect(t.circuitState()).toBe("closed");
    expect((await t.send(getThing)).status).toBe(200);
  });

  it("half-open: lets one probe through with the probe timeout and sheds the rest; a hung probe reopens, an answer closes", async () => {
    const { exchange, timeouts } = spiedExchange(1_000);
    const t = transport({ exchange, timeoutMs: 1_000, probeTimeoutMs: 150, breakerMinCalls: 2, breakerHalfOpenMs: 200, retries: 0 });
    await simFault({ endpoint: "thing", kind: "http500", times: 2 });
    for (let i = 0; i < 2; i++) expect(await failure(t.send(getThing))).toBeInstanceOf(ProviderHttpError);
    expect(t.circuitState()).toBe("open");
    expect(await failure(t.send(getThing))).toBeInstanceOf(ProviderOverloadedError);
    expect(count("thing")).toBe(2);

    await wait(300); // past the half-open interval
    await simFault({ endpoint: "thing", kind: "hang", hangMs: 5_000, times: 1 });
    const probe = failure(t.send(getThing));
    expect(t.circuitState()).toBe("half-open");
    const shed = await failure(t.send(getThing));
    expect(shed).toBeInstanceOf(ProviderOverloadedError);
    expect((shed as Error).message).toContain("half-open");
    expect(await probe).toMatchObject({ code: "PROVIDER_TIMEOUT", timeoutMs: 150, limitedBy: "provider" });
    expect(timeouts).toEqual([1_000, 1_000, 150]);
    expect(count("thing")).toBe(3); // the probe only
    expect(t.circuitState()).toBe("open");

    await wait(300);
    expect((await t.send(getThing)).status).toBe(200); // the next probe answers
    expect(t.circuitState()).toBe("closed");
    await t.send(getThing);
    expect(timeouts).toEqual([1_000, 1_000, 150, 150, 1_000]);
  });

  it("an open circuit whose probe is due sheds a call with less budget than the probe timeout rather than probe with it", async () => {
    const t = transport({ timeoutMs: 1_000, probeTimeoutMs: 500, breakerMinCalls: 2, breakerHalfOpenMs: 100, retries: 0 });
    await simFault({ endpoint: "thing", kind: "http500", times: 2 });
    for (let i = 0; i < 2; i++) await failure(t.send(getThing));
    await wait(200);
    const err = await failure(t.send({ ...getThing, deadline: within(200) }));
    expect(err).toBeInstanceOf(ProviderOverloadedError);
    expect(t.circuitState()).toBe("open");
    expect(count("thing")).toBe(2);
    expect((await t.send(getThing)).status).toBe(200); // a call with time enough is the probe
    expect(t.circuitState()).toBe("closed");
  });
});

describe("concurrency", () => {
  it("never has more than `concurrencyMax` calls in flight", async () => {
    await fetch(`${server.url}/__sim/latency`, { method: "POST", body: JSON.stringify({ fixedMs: 100 }) });
    const t = transport({ concurrency: 2, concurrencyMax: 2 });
    await Promise.all(Array.from({ length: 6 }, () => t.send(getThing)));
    expect(maxInFlight).toBe(2);
    expect(count("thing")).toBe(6);
  });

  it("queues at most `queue` calls beyond the limit and rejects the rest without calling", async () => {
    await fetch(`${server.url}/__sim/latency`, { method: "POST", body: JSON.stringify({ fixedMs: 50 }) });
    const t = transport({ concurrency: 1, concurrencyMax: 1, queue: 2 });
    // All five reach the limiter in the same turn: 1 runs, 2 wait, 2 are rejected.
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => t.send(getThing)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "rejected"]);
    for (const r of results.slice(3)) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ProviderOverloadedError);
      expect((r as PromiseRejectedResult).reason.message).toBe("hypersku thing: too many calls queued");
    }
    expect(maxInFlight).toBe(1);
    expect(count("thing")).toBe(3);
  });
});

describe("adaptive concurrency against a provider's limits (/__sim/limits)", () => {
  const latency = (fixedMs: number) => fetch(`${server.url}/__sim/latency`, { method: "POST", body: JSON.stringify({ fixedMs }) });
  const limits = async (body?: unknown) => {
    const res = await fetch(`${server.url}/__sim/limits`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
    return (await res.json()) as { refused: number; peakInFlight: number };
  };
  const many = (t: ReturnType<typeof transport>, n: number, tenantId?: string) => Array.from({ length: n }, (_, i) => t.send({ ...getThing, query: { n: i }, tenantId }));

  it("settles at a provider that refuses above 8 in flight: a few percent refused, never more than 8 served at once", async () => {
    await latency(20);
    await limits({ maxInFlight: 8, retryAfterSeconds: 0 });
    // The first burst's refusals may come back in a row: the breaker (not under test here) must not open on them.
    const t = transport({ concurrency: 16, retries: 3, tenantQueue: 1_000, breakerMinCalls: 1_000_000 });
    const results = await Promise.allSettled(many(t, 1_000));
    const { refused, peakInFlight } = await limits();
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1_000);
    expect(peakInFlight).toBe(8);
    // The first burst (16 into 8) is refused in part; after it, only the rare probe above 8.
    expect(refused / count("thing")).toBeLessThan(0.03);
    expect(t.load().limit).toBeGreaterThanOrEqual(6);
    expect(t.load().limit).toBeLessThanOrEqual(9);
  });

  it("with no limit at the provider it grows until a Dashboard-sized fan-out of 50 is in flight together", async () => {
    await latency(20);
    const t = transport({ concurrency: 16 });
    for (let round = 0; round < 5; round++) await Promise.all(many(t, 50));
    await fetch(`${server.url}/__sim/counters`, { method: "DELETE" }); // zeroes peakInFlight
    await Promise.all(many(t, 50));
    expect((await limits()).peakInFlight).toBe(50);
    expect(t.load().limit).toBeGreaterThanOrEqual(50);
  });

  it("a Retry-After after three refusals in a row pauses every call to the provider, not only the refused ones, until it has passed", async () => {
    control.addFault({ endpoint: "thing", kind: "http429", times: 3, retryAfterSeconds: 1 });
    const t = transport({ concurrency: 16, retries: 0 });
    for (let i = 0; i < 2; i++) expect(await failure(t.send(getThing))).toBeInstanceOf(ProviderHttpError);
    expect(t.load().pausedMs).toBe(0); // an isolated refusal (or two) delays nobody else
    expect(await failure(t.send(getThing))).toBeInstanceOf(ProviderHttpError);
    const write = t.send(postWrite);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(t.load()).toMatchObject({ inFlight: 0, queued: 1 });
    expect(count("write")).toBe(0);
    expect((await write).status).toBe(200);
    expect(count("write")).toBe(1);
    // The refusal also cut the limit.
    expect(t.load().limit).toBeLessThan(16);
  });

  it("tenants are served in turn: B's 50 calls are done while A's 2,000 still wait", async () => {
    await latency(5);
    const t = transport({ concurrency: 4, concurrencyMax: 4, queue: 10_000, tenantQueue: 10_000 });
    const flood = Promise.allSettled(many(t, 2_000, "tenant-a"));
    const b = await Promise.all(many(t, 50, "tenant-b"));
    const servedWhenBWasDone = count("thing");
    const waitingWhenBWasDone = t.load().queued;
    expect(b).toHaveLength(50);
    // About one of A's calls per one of B's went first, not A's 2,000.
    expect(servedWhenBWasDone).toBeLessThan(200);
    expect(waitingWhenBWasDone).toBeGreaterThan(1_700);
    expect((await flood).every((r) => r.status === "fulfilled")).toBe(true);
  });

  it("a tenant over its queue cap is refused at once; another tenant is not", async () => {
    await latency(20);
    const t = transport({ concurrency: 2, concurrencyMax: 2, tenantQueue: 10 });
    const a = Promise.allSettled(many(t, 30, "tenant-a"));
    const b = Promise.allSettled(many(t, 5, "tenant-b"));
    const refusedA = (await a).filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as Error);
    expect(refusedA).toHaveLength(18); // 2 running, 10 waiting
    for (const e of refusedA) {
      expect(e).toBeInstanceOf(ProviderOverloadedError);
      expect(e.message).toBe("hypersku thing: too many calls queued for this tenant");
    }
    expect((await b).every((r) => r.status === "fulfilled")).toBe(true);
    expect(count("thing")).toBe(12 + 5);
  });
});

describe("an injected fetch", () => {
  it("carries calls and times out like the default client, body included", async () => {
    const t = transport({ fetch: globalThis.fetch, timeoutMs: 150, retries: 0 });
    expect((await t.send(getThing)).body).toEqual({ ok: true, thing: null });
    control.addFault({ endpoint: "thing", kind: "hang", hangMs: 1_000 });
    expect(await failure(t.send(getThing))).toBeInstanceOf(ProviderTimeoutError);
  });
});

describe("redaction", () => {
  const token = `tok_${"a1b2c3d4".repeat(8)}`;
  const queryToken = `qtok_${"z9y8".repeat(10)}`;
  const accessToken = `acc_${"x7w6".repeat(10)}`;

  it("redacts secret query parameters in error URLs", async () => {
    control.addFault({ endpoint: "thing", kind: "http500" });
    const err = await failure(transport({ retries: 0 }).send({ ...getThing, query: { n: 1, token: queryToken, access_token: accessToken } }));
    expect(err).toBeInstanceOf(ProviderHttpError);
    const url = (err as ProviderHttpError).url;
    expect(url).toContain("token=[REDACTED]");
    expect(url).toContain("access_token=[REDACTED]");
    expect(url).toContain("n=1");
    for (const text of [url, JSON.stringify(err), String((err as Error).stack)]) {
      expect(text).not.toContain(queryToken);
      expect(text).not.toContain(accessToken);
    }
  });

  it("a successful response's call info shows only the redacted URL", async () => {
    const res = await transport().send({ ...getThing, query: { n: 2, token: queryToken } });
    expect(res.call.url).toContain("token=[REDACTED]");
    expect(res.call.url).toContain("n=2");
    for (const text of [res.call.url, JSON.stringify(res.call), JSON.stringify({ ...res.call })]) expect(text).not.toContain(queryToken);
  });

  it("never puts the Authorization header value in errors or debug logs", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "debug", destination: { write: (s: string) => void lines.push(s) } });
    const t = transport({ logger, retries: 1, timeoutMs: 150 });
    const send = withHeaders(t.send, () => ({ authorization: token }));

    await send(getThing);
    expect(seenAuthorization).toBe(token);

    const errors: unknown[] = [];
    for (const kind of ["http500", "http429", "hang", "reset", "malformed"] as const) {
      control.addFault({ endpoint: "thing", kind, retryAfterSeconds: 0, hangMs: 1_000 });
      errors.push(await failure(send(getThing)));
      await fetch(`${server.url}/__sim/faults`, { method: "DELETE" });
    }
    control.addFault({ endpoint: "write", kind: "http500" });
    errors.push(await failure(send(postWrite)));

    expect(lines.length).toBeGreaterThan(errors.length); // a bound: at least one debug line per call, so the search below has lines
    for (const err of errors) {
      const e = err as Error;
      for (const text of [e.message, JSON.stringify(e), String(e.stack)]) expect(text).not.toContain(token);
    }
    expect(lines.join("\n")).not.toContain(token);
  });
});
