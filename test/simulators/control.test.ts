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
