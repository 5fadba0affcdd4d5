import { describe, expect, it } from "vitest";
import { type AdmissionClock, createAdmission, TenantBusyError } from "../../src/http/admission.js";

/** The admission's rules on a fake clock and a utilization the test sets (docs/decisions/020-tenant-admission.md). */

function fakeClock() {
  let now = 0;
  let id = 0;
  const timers = new Map<number, { at: number; fn: () => void; every?: number }>();
  const clock: AdmissionClock = {
    now: () => now,
    setTimeout: (fn, ms) => (timers.set(++id, { at: now + ms, fn }), id),
    clearTimeout: (h) => timers.delete(h as number),
    setInterval: (fn, ms) => (timers.set(++id, { at: now + ms, fn, every: ms }), id),
    clearInterval: (h) => timers.delete(h as number),
  };
  /** Moves time on, firing timers in order. */
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [key, t] = due;
      now = t.at;
      if (t.every) t.at += t.every;
      else timers.delete(key);
      t.fn();
    }
    now = end;
  };
  return { clock, advance, timers };
}

function setup(o: { utilization?: number; tenantQueue?: number; idleMs?: number; maxRunning?: number; minRunning?: number; holdMs?: number } = {}) {
  const { clock, advance } = fakeClock();
  let utilization = o.utilization ?? 1;
  const admission = createAdmission({
    target: 0.6,
    tenantQueue: o.tenantQueue ?? 100,
    idleMs: o.idleMs ?? 1_000,
    maxRunning: o.maxRunning,
    minRunning: o.minRunning,
    holdMs: o.holdMs,
    windowMs: 250,
    clock,
    utilization: () => utilization,
  });
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  /** Enters `n` operations of a tenant; each result is its release once admitted, or the error. */
  const enter = (tenant: string, n = 1, deadline?: number) => {
    const out: Array<{ release?: () => void; error?: unknown }> = [];
    for (let i = 0; i < n; i++) {
      const slot: { release?: () => void; error?: unknown } = {};
      admission.enter(tenant, deadline).then(
        (r) => (slot.release = r),
        (e) => (slot.error = e),
      );
      out.push(slot);
    }
    return out;
  };
  return { admission, advance, flush, enter, setUtilization: (u: number) => (utilization = u) };
}

describe("tenant-fair admission", () => {
  it("never holds a tenant that is alone, however busy the event loop", async () => {
    const { admission, enter, flush, advance } = setup({ utilization: 1 });
    const ops = enter("a", 50);
    advance(5_000);
    await flush();
    expect(ops.every((o) => o.release)).toBe(true);
    expect(admission.load()).toMatchObject({ contended: false, running: 50, waiting: 0, limit: null });
  });

  it("maxRunning bounds a tenant alone (first come first served) and what competing tenants share", async () => {
    const { admission, enter, flush, advance } = setup({ utilization: 0, maxRunning: 8 });
    const a = enter("a", 20);
    await flush();
    expect(admission.load()).toMatchObject({ contended: false, running: 8, waiting: 12 });
    expect(a.slice(0, 8).every((o) => o.release) && a.slice(8).every((o) => !o.release)).toBe(true);
    a[0]?.release?.();
    await flush();
    expect(a[8]?.release).toBeDefined(); // the next in line, as one ends
    expect(admission.load()).toMatchObject({ running: 8, waiting: 11 });
    // A second tenant: contention starts at the running 8, never above maxRunning, and B gets its share of it.
    const b = enter("b", 4);
    for (const o of a.slice(1, 9)) o.release?.();
    advance(10_000); // utilization 0: the limit would grow if it could
    await flush();
    expect(admission.load()).toMatchObject({ contended: true, limit: 8, running: 8 });
    expect(admission.runningFor("a")).toBe(4);
    expect(admission.runningFor("b")).toBe(4);
    expect(b.every((o) => o.release)).toBe(true);
  });

  it("once a second tenant is active, the heavy one waits at its share and the light one goes first", async () => {
    const { admission, enter, flush, advance } = setup({ utilization: 1 });
    const a = enter("a", 20);
    await flush();
    expect(admission.runningFor("a")).toBe(20);
    const [b] = enter("b");
    await flush();
    expect(b?.release).toBeDefined(); // below its share: never waits
    // Contention starts at the operations running then (20): A's share is 10 and it runs 20, so its next one waits.
    const more = enter("a", 5);
    await flush();
    expect(admission.load()).toMatchObject({ contended: true, activeTenants: 2, limit: 20 });
    expect(more.some((o) => o.release)).toBe(false);
    // A busy loop cuts the limit each window (× 0.7) down to one per active tenant.
    advance(5_000);
    expect(admission.load().limit).toBe(2);
    for (const o of a) o.release?.();
    await flush();
    // A's share is now 1: one of its five waiting operations runs, four wait.
    expect(admission.runningFor("a")).toBe(1);
    expect(admission.waitingFor("a")).toBe(4);
    // B still goes straight in.
    b?.release?.();
    const [b2] = enter("b");
    await flush();
    expect(b2?.release).toBeDefined();
  });

  it("grows the limit by one per window while utilization is clearly below the target and a tenant is held", async () => {
    const { admission, enter, flush, advance, setUtilization } = setup({ utilization: 1 });
    enter("b");
    enter("a", 10);
    await flush();
    advance(5_000);
    expect(admission.load().limit).toBe(2);
    setUtilization(0.2);
    enter("a", 10); // held: A is at its share
    advance(250);
    expect(admission.load().limit).toBe(3);
    // Within the band (target − 0.1 … target) it holds still.
    setUtilization(0.55);
    enter("a");
    advance(1_000);
    expect(admission.load().limit).toBe(3);
  });

  it("refuses at once beyond the tenant's queue, and refuses a waiting operation at its deadline", async () => {
    const { admission, enter, flush, advance } = setup({ utilization: 1, tenantQueue: 2 });
    enter("b");
    const a = enter("a", 1);
    await flush();
    advance(5_000); // limit 2: A's share is 1, and A runs 1
    const waiting = enter("a", 2, 5_000 + 300);
    const over = enter("a", 1);
    await flush();
    expect(over[0]?.error).toBeInstanceOf(TenantBusyError);
    expect(admission.waitingFor("a")).toBe(2);
    advance(300);
    await flush();
    expect(waiting.map((w) => w.error instanceof TenantBusyError)).toEqual([true, true]);
    expect(admission.waitingFor("a")).toBe(0);
    expect(a[0]?.release).toBeDefined();
  });

  it("ends contention once the other tenant is idle for idleMs: the remaining one is unbounded again", async () => {
    const { admission, enter, flush, advance } = setup({ utilization: 1, idleMs: 1_000 });
    const [b] = enter("b");
    const a = enter("a", 4);
    await flush();
    advance(5_000);
    b?.release?.();
    a[0]?.release?.();
    await flush();
    expect(admission.load().contended).toBe(true);
    const later = enter("a", 3);
    await flush();
    expect(later.some((o) => o.release)).toBe(false);
    advance(1_250); // B idle for more than idleMs: the next window sees one tenant
    await flush();
    expect(later.every((o) => o.release)).toBe(true);
    expect(admission.load()).toMatchObject({ contended: false, activeTenants: 1, limit: null });
  });

  it("a release counts once, however often it is called", async () => {
    const { admission, enter, flush } = setup();
    const [a] = enter("a");
    await flush();
    a?.release?.();
    a?.release?.();
    expect(admission.runningFor("a")).toBe(0);
    expect(admission.load().running).toBe(0);
  });

  describe("bounded (minRunning)", () => {
    it("a tenant alone on a saturated loop runs only minRunning at once, first come first served", async () => {
      const { admission, enter, flush, advance } = setup({ utilization: 1, minRunning: 4, holdMs: 60_000 });
      const a = enter("a", 50);
      await flush();
      advance(5_000); // busy every window: never above the floor
      await flush();
      expect(admission.load()).toMatchObject({ contended: false, limit: 4, running: 4, waiting: 46 });
      expect(a.slice(0, 4).every((o) => o.release) && a.slice(4).every((o) => !o.release)).toBe(true);
      a[0]?.release?.();
      await flush();
      expect(a[4]?.release).toBeDefined(); // the next in line, as one ends
    });

    it("an idle loop with operations waiting grows the limit by a factor each window, up to maxRunning", async () => {
      const { admission, enter, flush, advance, setUtilization } = setup({ utilization: 0.1, minRunning: 4, holdMs: 60_000, maxRunning: 40 });
      enter("a", 100); // e.g. stuck on a hanging provider: the loop is idle, yet all four hold their turn
      await flush();
      expect(admission.load()).toMatchObject({ limit: 4, running: 4 });
      advance(250);
      await flush();
      // 4 / 0.7: a stuck provider lets more in within a few windows, not one per window.
      expect(admission.load()).toMatchObject({ limit: 5, running: 5 });
      advance(1_500);
      await flush();
      expect(admission.load().limit).toBeGreaterThanOrEqual(20);
      advance(5_000);
      await flush();
      expect(admission.load()).toMatchObject({ limit: 40, running: 40, waiting: 60 });
      // Busy again (the answers arrived): cut back each window, never below the floor.
      setUtilization(1);
      advance(5_000);
      expect(admission.load().limit).toBe(4);
    });

    it("an operation still running after holdMs stops counting: one stuck on a provider holds no one back", async () => {
      const { admission, enter, flush, advance } = setup({ utilization: 1, minRunning: 4 });
      const first = enter("a", 4);
      await flush();
      advance(500);
      const next = enter("a", 4);
      await flush();
      expect(next.some((o) => o.release)).toBe(false); // busy: the four first ones hold their turn
      advance(500); // the first four have run 1 s (holdMs): they no longer count
      await flush();
      expect(next.every((o) => o.release)).toBe(true);
      expect(admission.load()).toMatchObject({ running: 4, waiting: 0 });
      // Their end, later, counts nothing twice.
      for (const o of first) o.release?.();
      await flush();
      expect(admission.load().running).toBe(4);
      for (const o of next) o.release?.();
      expect(admission.load().running).toBe(0);
    });

    it("grows only while an operation waited, and holds still in the band below its goal", async () => {
      const { admission, enter, flush, advance, setUtilization } = setup({ utilization: 0.1, minRunning: 4 });
      enter("a", 3); // below the limit: nobody waits, so nothing to grow for
      await flush();
      advance(2_000);
      expect(admission.load().limit).toBe(4);
      setUtilization(0.85); // within 0.1 of the 0.9 goal
      enter("a", 10);
      advance(2_000);
      expect(admission.load().limit).toBe(4);
    });

    it("competing tenants share the bounded limit and keep their fairness; the floor holds once they stop", async () => {
      const { admission, enter, flush, advance } = setup({ utilization: 1, minRunning: 4, holdMs: 60_000, idleMs: 1_000 });
      const a = enter("a", 20);
      await flush();
      expect(admission.runningFor("a")).toBe(4);
      const [b] = enter("b");
      await flush();
      expect(b?.release).toBeDefined(); // below its share (4 / 2): never waits
      expect(admission.load()).toMatchObject({ contended: true, activeTenants: 2, limit: 4 });
      advance(5_000); // busy above the fairness target: down to one per tenant
      expect(admission.load().limit).toBe(2);
      b?.release?.();
      for (const o of a) o.release?.();
      advance(1_250); // B idle: one tenant again, back at the floor, not unbounded
      await flush();
      expect(admission.load()).toMatchObject({ contended: false, activeTenants: 1, limit: 4, running: 4 });
    });

    it("is off without minRunning: a tenant alone is never held", async () => {
      const { admission, enter, flush, advance } = setup({ utilization: 1, minRunning: 0 });
      enter("a", 30);
      advance(5_000);
      await flush();
      expect(admission.load()).toMatchObject({ running: 30, limit: null });
    });
  });
});
