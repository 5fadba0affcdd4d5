import { describe, expect, it } from "vitest";
import { type Clock, createLimiter, type LimiterOptions, LimiterRejectedError, LimiterTimeoutError, type Permit } from "../../src/providers/limiter.js";

/**
 * The adaptive limiter on a fake clock: time moves only when a test advances it, and timers fire
 * in order as it does, so every assertion is on counts (permits granted, the limit), never on
 * wall time.
 */

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function fakeClock() {
  let now = 0;
  let ids = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock & { advance(ms: number): Promise<void> } = {
    now: () => now,
    setTimeout: (fn, ms) => (timers.set(++ids, { at: now + Math.max(0, ms), fn }), ids),
    clearTimeout: (handle) => void timers.delete(handle as number),
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        await settle();
        let next: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
      await settle();
    },
  };
  return clock;
}

/** A limiter and the permits it has granted so far (in grant order), with their tenant. */
function harness(opts: Partial<LimiterOptions> = {}) {
  const clock = fakeClock();
  const limiter = createLimiter({ initial: 4, min: 2, max: 64, queue: 10_000, tenantQueue: 10_000, clock, busy: () => false, ...opts });
  const granted: { permit: Permit; tenant: string | undefined }[] = [];
  const errors: Error[] = [];
  const ask = (n: number, tenant?: string, extra: { deadline?: number; signal?: AbortSignal; endpoint?: string } = {}) => {
    for (let i = 0; i < n; i++)
      limiter.acquire({ tenantId: tenant, ...extra }).then(
        (permit) => void granted.push({ permit, tenant }),
        (e: Error) => void errors.push(e),
      );
  };
  /** Releases every permit granted so far (after `rttMs` on the clock) and returns how many. */
  const answerAll = async (rttMs: number, outcome: "ok" | "refused" | "failed" = "ok", retryAfterMs?: number) => {
    await settle();
    await clock.advance(rttMs);
    const batch = granted.splice(0);
    for (const g of batch) g.permit.release(outcome, retryAfterMs);
    await settle();
    return batch.length;
  };
  return { clock, limiter, granted, errors, ask, answerAll };
}

describe("growth", () => {
  it("grows to the ceiling on fast answers while calls wait, and never past it", async () => {
    const h = harness({ initial: 4, max: 64 });
    h.ask(2_000);
    await settle();
    const waves: number[] = [];
    while (h.granted.length > 0) waves.push(await h.answerAll(20));
    // Slow start: each answer while calls wait adds a slot, so the waves double up to the ceiling.
    expect(waves.slice(0, 5)).toEqual([4, 8, 16, 32, 64]);
    expect(Math.max(...waves)).toBe(64);
    expect(h.limiter.load()).toMatchObject({ limit: 64, inFlight: 0, queued: 0 });
  });

  it("the Dashboard's 50 lookups go out in one wave from the third page on (initial limit 16)", async () => {
    const h = harness({ initial: 16, max: 256 });
    const wavesPerPage: number[] = [];
    for (let page = 0; page < 4; page++) {
      h.ask(50);
      let waves = 0;
      while ((await h.answerAll(20)) > 0) waves++;
      wavesPerPage.push(waves);
    }
    expect(wavesPerPage[0]).toBeGreaterThan(1);
    expect(wavesPerPage.slice(2)).toEqual([1, 1]);
    // It grows while the limit is used, not without end: 50 at a time never needs 256.
    expect(h.limiter.load().limit).toBeLessThan(256);
    expect(h.limiter.load().limit).toBeGreaterThanOrEqual(50);
  });

  it("does not grow while most of the limit is idle", async () => {
    const h = harness({ initial: 16 });
    for (let i = 0; i < 20; i++) {
      h.ask(3);
      await h.answerAll(20);
    }
    expect(h.limiter.load().limit).toBe(16);
  });
});

describe("cuts", () => {
  it("a refusal (429, 503) cuts at once, and the refusals of the same burst cut no deeper than the calls still running", async () => {
    const h = harness({ initial: 16, backoff: 0.8 });
    h.ask(16);
    await settle();
    const burst = h.granted.splice(0);
    // The provider took 10 of the 16 and refused 6: 10 are still running after the refusals.
    for (const g of burst.slice(10)) g.permit.release("refused");
    expect(h.limiter.load().limit).toBe(10);
    for (const g of burst.slice(0, 10)) g.permit.release("ok");
    expect(h.limiter.load().limit).toBe(10);
  });

  it("a refusal of a call started after the cut cuts again, × backoff", async () => {
    const h = harness({ initial: 20, backoff: 0.8 });
    h.ask(20);
    await settle();
    h.granted.splice(0, 1)[0]!.permit.release("refused"); // 20 → 16
    for (const g of h.granted.splice(0)) g.permit.release("ok");
    expect(h.limiter.load().limit).toBe(16);
    h.ask(1);
    await settle();
    h.granted.splice(0, 1)[0]!.permit.release("refused");
    expect(h.limiter.load().limit).toBe(12); // 16 × 0.8 = 12.8
  });

  it("a window in which more than lossTolerance failed (timeouts, 5xx, network) cuts; a few failures among answers do not", async () => {
    const h = harness({ initial: 16, max: 16, lossTolerance: 0.25 });
    const window = async (failures: number) => {
      h.ask(16);
      await settle();
      const batch = h.granted.splice(0);
      await h.clock.advance(20);
      for (const [i, g] of batch.entries()) g.permit.release(i < failures ? "failed" : "ok");
    };
    await window(4); // 25%
    expect(h.limiter.load().limit).toBe(16);
    await window(5); // 31%
    expect(h.limiter.load().limit).toBe(12);
  });

  it("answers slower than tolerance × baseline cut; answers within it do not", async () => {
    const h = harness({ initial: 16, max: 16, tolerance: 2, slackMs: 10 });
    h.ask(32);
    await h.answerAll(20);
    await h.answerAll(20);
    expect(h.limiter.load().limit).toBe(16);
    // Baseline 20 ms: 45 ms is within 2 × 20 + 10.
    h.ask(16);
    await h.answerAll(45);
    expect(h.limiter.load().limit).toBe(16);
    h.ask(16);
    await h.answerAll(200);
    expect(h.limiter.load().limit).toBe(12);
  });

  it("while this process's event loop is saturated, slow answers are our delay: no cut, and growth goes on", async () => {
    let saturated = false;
    const h = harness({ initial: 16, max: 64, busy: () => saturated });
    h.ask(16);
    await h.answerAll(20); // baseline 20 ms, limit 32
    saturated = true;
    h.ask(200);
    for (let i = 0; i < 3; i++) await h.answerAll(300);
    expect(h.limiter.load().limit).toBe(64);
    // The same slow answers with time to spare: the provider's, and cut.
    saturated = false;
    for (let i = 0; i < 3; i++) await h.answerAll(300);
    expect(h.limiter.load().limit).toBeLessThan(64);
  });

  it("judges each endpoint against its own baseline: a slow endpoint at its usual speed is no slowdown", async () => {
    const h = harness({ initial: 16, max: 16, tolerance: 2, slackMs: 10 });
    const round = async (fastMs: number, slowMs: number) => {
      h.ask(4, undefined, { endpoint: "fast" });
      h.ask(12, undefined, { endpoint: "slow" });
      await settle();
      const batch = h.granted.splice(0);
      await h.clock.advance(fastMs);
      for (const g of batch.slice(0, 4)) g.permit.release("ok");
      await h.clock.advance(slowMs - fastMs);
      for (const g of batch.slice(4)) g.permit.release("ok");
    };
    for (let i = 0; i < 4; i++) await round(20, 300);
    expect(h.limiter.load().limit).toBe(16);
    // The slow endpoint three times slower than its own best: cut.
    await round(20, 900);
    expect(h.limiter.load().limit).toBe(12);
  });

  it("never goes below the floor", async () => {
    const h = harness({ initial: 16, min: 3 });
    for (let i = 0; i < 30; i++) {
      h.ask(h.limiter.load().limit);
      await h.answerAll(5, i % 2 ? "refused" : "failed");
    }
    expect(h.limiter.load().limit).toBe(3);
    h.ask(10);
    await settle();
    expect(h.granted).toHaveLength(3);
  });

  it("against a provider that refuses above 8 in flight it settles at 8 with few refusals", async () => {
    const h = harness({ initial: 16, max: 256 });
    let atProvider = 0;
    let calls = 0;
    let refused = 0;
    let peak = 0;
    const call = () =>
      h.limiter.acquire().then((permit) => {
        calls++;
        if (atProvider >= 8) {
          refused++;
          permit.release("refused");
        } else {
          peak = Math.max(peak, ++atProvider);
          h.clock.setTimeout(() => (atProvider--, permit.release("ok")), 20);
        }
        call();
      });
    for (let i = 0; i < 100; i++) void call();
    await h.clock.advance(20_000); // 1,000 round trips
    expect(calls).toBeGreaterThan(7_000);
    expect(peak).toBe(8);
    expect(refused / calls).toBeLessThan(0.01);
    expect(h.limiter.load().limit).toBeGreaterThanOrEqual(6);
    expect(h.limiter.load().limit).toBeLessThanOrEqual(9);
  });
});

describe("Retry-After", () => {
  it("pauses every start, for any tenant, until it has passed; then the queue goes on", async () => {
    const h = harness({ initial: 10, pauseAfter: 1 });
    h.ask(1, "a");
    await settle();
    h.granted.splice(0)[0]!.permit.release("refused", 1_000);
    h.ask(3, "a");
    h.ask(3, "b");
    h.ask(1);
    await h.clock.advance(999);
    expect(h.granted).toHaveLength(0);
    expect(h.limiter.load()).toMatchObject({ queued: 7, inFlight: 0 });
    expect(h.limiter.load().pausedMs).toBe(1);
    await h.clock.advance(1);
    expect(h.granted).toHaveLength(7); // the cut left 8 slots: 10 × 0.8
  });

  it("a longer pause wins over a shorter one, and no pause is longer than maxPauseMs", async () => {
    const h = harness({ initial: 8, maxPauseMs: 3_000, pauseAfter: 1 });
    h.ask(2);
    await settle();
    const [first, second] = h.granted.splice(0);
    first!.permit.release("refused", 60_000);
    second!.permit.release("refused", 500);
    h.ask(1);
    await h.clock.advance(2_999);
    expect(h.granted).toHaveLength(0);
    await h.clock.advance(1);
    expect(h.granted).toHaveLength(1);
  });

  it("pauses only after pauseAfter refusals in a row: an isolated one (a probe above the provider's limit) delays nobody else", async () => {
    const h = harness({ initial: 10, pauseAfter: 3 });
    h.ask(1);
    await settle();
    h.granted.splice(0)[0]!.permit.release("refused", 1_000);
    expect(h.limiter.load().pausedMs).toBe(0);
    h.ask(1);
    await settle();
    h.granted.splice(0)[0]!.permit.release("ok"); // an answer between: the count starts again
    for (let i = 0; i < 2; i++) {
      h.ask(1);
      await settle();
      h.granted.splice(0)[0]!.permit.release("refused", 1_000);
    }
    expect(h.limiter.load().pausedMs).toBe(0); // two in a row
    h.ask(1);
    await settle();
    h.granted.splice(0)[0]!.permit.release("refused", 1_000);
    expect(h.limiter.load().pausedMs).toBe(1_000); // the third in a row
    h.ask(1);
    await settle();
    expect(h.granted).toHaveLength(0);
    await h.clock.advance(1_000);
    expect(h.granted).toHaveLength(1);
  });
});

describe("a hung call", () => {
  it("stops holding its slot after stallMs, so calls queued behind it start", async () => {
    const h = harness({ initial: 2, min: 2, max: 2, stallMs: 1_000 });
    h.ask(3);
    await settle();
    expect(h.granted).toHaveLength(2);
    await h.clock.advance(999);
    expect(h.granted).toHaveLength(2);
    await h.clock.advance(1);
    expect(h.granted).toHaveLength(3);
    expect(h.limiter.load()).toMatchObject({ inFlight: 3, queued: 0 });
    for (const g of h.granted.splice(0)) g.permit.release("failed");
    expect(h.limiter.load().inFlight).toBe(0);
  });
});

describe("fairness between tenants", () => {
  it("serves the lanes round-robin: B's calls wait one turn each, not behind A's backlog", async () => {
    const h = harness({ initial: 2, min: 2, max: 2 });
    h.ask(2, "a");
    h.ask(1_000, "a");
    h.ask(5, "b");
    h.ask(2); // no tenant: the anonymous lane
    await settle();
    const order: (string | undefined)[] = [];
    for (let i = 0; i < 8; i++) {
      const [g] = h.granted.splice(0, 1);
      g!.permit.release("ok");
      await settle();
      order.push(h.granted.at(-1)!.tenant);
    }
    expect(order).toEqual(["a", "b", undefined, "a", "b", undefined, "a", "b"]);
    expect(h.limiter.queuedFor("a")).toBe(997);
    expect(h.limiter.queuedFor("b")).toBe(2);
    expect(h.limiter.queuedFor(undefined)).toBe(0);
  });

  it("refuses a tenant over its lane's cap at once, while other tenants still queue", async () => {
    const h = harness({ initial: 2, min: 2, max: 2, tenantQueue: 5, queue: 8 });
    h.ask(2 + 5 + 3, "a");
    h.ask(3, "b");
    await settle();
    expect(h.errors).toHaveLength(3);
    expect(h.errors.every((e) => e instanceof LimiterRejectedError && e.message === "too many calls queued for this tenant")).toBe(true);
    expect(h.limiter.queuedFor("b")).toBe(3);
    // The shared cap (8): b's next call finds all lanes full.
    h.ask(1, "b");
    await settle();
    expect(h.errors.at(-1)?.message).toBe("too many calls queued");
    expect(h.limiter.load().queued).toBe(8);
  });
});

describe("bounded waits", () => {
  it("a queued call whose deadline passes leaves the queue with LimiterTimeoutError", async () => {
    const h = harness({ initial: 2, min: 2, max: 2 });
    h.ask(2);
    h.ask(2, "a", { deadline: 500 });
    h.ask(1, "b");
    await h.clock.advance(499);
    expect(h.limiter.load().queued).toBe(3);
    await h.clock.advance(1);
    expect(h.errors).toHaveLength(2);
    expect(h.errors.every((e) => e instanceof LimiterTimeoutError)).toBe(true);
    expect(h.limiter.load().queued).toBe(1);
    expect(h.limiter.queuedFor("a")).toBe(0);
    await h.answerAll(10);
    expect(h.granted.map((g) => g.tenant)).toEqual(["b"]);
  });

  it("an aborted signal takes the call out of the queue; an expired deadline is refused before queueing", async () => {
    const h = harness({ initial: 2, min: 2, max: 2 });
    h.ask(2);
    const controller = new AbortController();
    h.ask(1, "a", { signal: controller.signal });
    await settle();
    controller.abort();
    await settle();
    expect(h.errors).toHaveLength(1);
    expect(h.limiter.load().queued).toBe(0);
    await h.clock.advance(100);
    h.ask(1, "a", { deadline: 50 });
    await settle();
    expect(h.errors).toHaveLength(2);
    expect(h.errors[1]).toBeInstanceOf(LimiterTimeoutError);
  });
});

describe("run", () => {
  it("releases with the verdict of a failure and passes the error on", async () => {
    const h = harness({ initial: 8, pauseAfter: 1 });
    const failure = new Error("429");
    await expect(
      h.limiter.run(
        () => Promise.reject(failure),
        () => ["refused", 2_000],
      ),
    ).rejects.toBe(failure);
    expect(h.limiter.load()).toMatchObject({ inFlight: 0, pausedMs: 2_000 });
    const later = h.limiter.run(
      () => Promise.resolve(7),
      () => ["failed"],
    );
    await h.clock.advance(2_000);
    await expect(later).resolves.toBe(7);
    expect(h.limiter.load()).toMatchObject({ inFlight: 0, queued: 0 });
  });
});
