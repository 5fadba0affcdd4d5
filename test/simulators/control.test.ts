import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createControl } from "../../simulators/shared/control.js";
import { type Listening, listen } from "../../simulators/shared/server.js";

/**
 * The injected latency is the time to answer: the simulator's own work runs during the wait,
 * so a call takes the configured latency (or its work, if longer), never the two added up.
 */

const control = createControl({ corrupt: (body) => body, latencyMs: 200 });
const app = new Hono();
control.mount(app);
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};
app.get("/work/:ms", control.endpoint("work"), (c) => {
  busy(Number(c.req.param("ms")));
  return c.json({ ok: true });
});

let server: Listening;
beforeAll(async () => {
  server = await listen(app);
});
afterAll(() => server.close());

async function timed(path: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${server.url}${path}`);
  expect(await res.json()).toEqual({ ok: true });
  return performance.now() - started;
}

describe("injected latency", () => {
  it("answers no earlier than the latency, with the handler's work inside it rather than on top", async () => {
    const quick = await timed("/work/0");
    const busyCall = await timed("/work/150");
    expect(quick).toBeGreaterThanOrEqual(199);
    expect(busyCall).toBeGreaterThanOrEqual(199);
    // Added up, it would be 350 ms or more.
    expect(busyCall).toBeLessThan(330);
  });

  it("a handler slower than the latency answers when it is done", async () => {
    expect(await timed("/work/260")).toBeGreaterThanOrEqual(259);
  });
});
