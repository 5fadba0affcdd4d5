import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createControl } from "../../simulators/shared/control.js";
import { type Listening, listen } from "../../simulators/shared/server.js";

/**
 * The injected latency is the time to answer: the simulator's own work runs during the wait,
 * so a call takes the configured latency (or its work, if longer), never the two added up.
 */

// A fake clock: the handler's "work" moves it forward, and every wait the control asks for is
// recorded (and passes at once), so the test reads the waits, not a stopwatch.
let clock = 0;
const waits: number[] = [];
const timer = { now: () => clock, sleep: async (ms: number) => void (waits.push(ms), (clock += ms)) };
const control = createControl({ corrupt: (body) => body, latencyMs: 200, timer });
const app = new Hono();
control.mount(app);
app.get("/work/:ms", control.endpoint("work"), (c) => {
  clock += Number(c.req.param("ms"));
  return c.json({ ok: true });
});

let server: Listening;
beforeAll(async () => {
  server = await listen(app);
});
afterAll(() => server.close());

/** The waits one call asked for. */
async function waitsOf(path: string): Promise<number[]> {
  waits.length = 0;
  const res = await fetch(`${server.url}${path}`);
  expect(await res.json()).toEqual({ ok: true });
  return [...waits];
}

describe("injected latency", () => {
  it("answers no earlier than the latency, with the handler's work inside it rather than on top", async () => {
    expect(await waitsOf("/work/0")).toEqual([200]);
    // 150 ms of work leaves 50 ms of the 200 to wait; added up it would wait 200 more.
    expect(await waitsOf("/work/150")).toEqual([50]);
  });

  it("a handler slower than the latency answers when it is done", async () => {
    expect(await waitsOf("/work/260")).toEqual([]);
  });
});

describe("limits (/__sim/limits)", () => {
  // A second app whose route holds each call until the test opens the gate, so "in flight" is a
  // count the test controls. Same fake clock: the token bucket refills only when the test moves it.
  const limited = createControl({ corrupt: (body) => body, timer });
  const held = new Hono();
  limited.mount(held);
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  let arrived = 0;
  held.get("/held", limited.endpoint("held"), async (c) => {
    arrived++;
    await gate;
    return c.json({ ok: true });
  });
  let sim: Listening;
  beforeAll(async () => {
    sim = await listen(held);
  });
  afterAll(() => sim.close());
  const close = () => (gate = new Promise<void>((resolve) => (open = resolve)));
  const call = () => fetch(`${sim.url}/held`);
  const control = async (method: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/__sim/limits`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setImmediate(resolve));
  };

  it("above maxInFlight answers 429 with Retry-After at once, counted and logged; GET reports refused and peakInFlight", async () => {
    await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
    expect((await control("POST", { maxInFlight: 3, retryAfterSeconds: 2 })).body).toEqual({
      maxInFlight: 3,
      ratePerSecond: null,
      retryAfterSeconds: 2,
      refused: 0,
      peakInFlight: 0,
    });
    close();
    arrived = 0;
    const first = [call(), call(), call()];
    await until(() => arrived === 3);
    // Three are being served: the next two are refused while the gate is still shut.
    const refused = await Promise.all([call(), call()]);
    expect(refused.map((r) => r.status)).toEqual([429, 429]);
    expect(refused.map((r) => r.headers.get("retry-after"))).toEqual(["2", "2"]);
    expect(arrived).toBe(3); // no work for a refused call
    open();
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200, 200]);
    // Below the limit again: served.
    expect((await call()).status).toBe(200);

    expect((await control("GET")).body).toMatchObject({ maxInFlight: 3, refused: 2, peakInFlight: 3 });
    expect(limited.counts().byEndpoint.held).toBe(6);
    expect(limited.log().filter((r) => r.status === 429)).toHaveLength(2);
  });

  it("above ratePerSecond (a token bucket, burst = rate) answers 429; tokens come back with time", async () => {
    await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
    await control("POST", { ratePerSecond: 4 });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await call()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    clock += 500; // two tokens
    for (let i = 0; i < 3; i++) statuses.push((await call()).status);
    expect(statuses.slice(6)).toEqual([200, 200, 429]);
    expect((await control("GET")).body).toMatchObject({ ratePerSecond: 4, maxInFlight: null, retryAfterSeconds: 1, refused: 3 });
  });

  it("POST keeps limits it does not name and null lifts one; DELETE and /__sim/reset clear them and zero the counts", async () => {
    await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
    await control("POST", { maxInFlight: 0 });
    expect((await call()).status).toBe(429);
    expect((await control("POST", { ratePerSecond: 100 })).body).toMatchObject({ maxInFlight: 0, ratePerSecond: 100, refused: 1 });
    expect((await control("POST", { maxInFlight: null })).body).toMatchObject({ maxInFlight: null, ratePerSecond: 100 });
    expect((await call()).status).toBe(200);
    expect((await control("POST", { maxInFlight: -1 })).status).toBe(400);
    expect((await control("DELETE")).body).toEqual({ maxInFlight: null, ratePerSecond: null, retryAfterSeconds: 1, refused: 0, peakInFlight: 0 });

    await control("POST", { maxInFlight: 0 });
    expect((await call()).status).toBe(429);
    await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
    expect((await control("GET")).body).toEqual({ maxInFlight: null, ratePerSecond: null, retryAfterSeconds: 1, refused: 0, peakInFlight: 0 });
    expect((await call()).status).toBe(200);
  });
});
