import { describe, expect, it } from "vitest";
import { createRequestGroups } from "../../src/http/request-groups.js";
import type { Context } from "../../src/resolvers/context.js";

/** The subgraph's request groups on their own: who shares loaders, and that nothing outlives its requests. */

const CACHE = Symbol.for("Pothos.contextCache");
const request = (headers: Record<string, string>) => new Request("http://subgraph.test/subgraph", { method: "POST", headers });
/** The context cache a request's operation gets (the object every Pothos dataloader is keyed on). */
function cacheOf(groups: ReturnType<typeof createRequestGroups>, headers: Record<string, string>) {
  const membership = groups.open(request(headers));
  const context = {} as Context;
  membership.attach(context);
  return { membership, cache: (context as unknown as Record<symbol, object>)[CACHE] };
}

describe("request groups", () => {
  it("share loaders only between requests with the same router request id and the same credentials, and end with their last request", () => {
    const groups = createRequestGroups({ windowMs: 5, maxWaitMs: 50 });
    const key = { authorization: "Bearer fg_a", "x-request-id": "r1" };
    const first = cacheOf(groups, key);
    const second = cacheOf(groups, key);
    expect(first.cache).toBeDefined();
    expect(second.cache).toBe(first.cache);
    // Another caller with the same request id, or the same caller with another token or request id: never shared.
    const others = (
      [
        { authorization: "Bearer fg_b", "x-request-id": "r1" },
        { ...key, "x-supership-token": "ss-token" },
        { ...key, "x-hypersku-token": "hs-token" },
        { authorization: "Bearer fg_a", "x-request-id": "r2" },
        { authorization: "Bearer fg_a" },
      ] as Record<string, string>[]
    ).map((headers) => cacheOf(groups, headers));
    for (const other of others) expect(other.cache).not.toBe(first.cache);
    expect(new Set(others.map((o) => o.cache)).size).toBe(others.length);
    // The trace id names the router request when no x-request-id came.
    const traced = (span: string) => cacheOf(groups, { authorization: "Bearer fg_a", traceparent: `00-0af7651916cd43dd8448eb211c80319c-${span}-01` });
    const t1 = traced("b7ad6b7169203331");
    const t2 = traced("00f067aa0ba902b7");
    expect(t2.cache).toBe(t1.cache);

    for (const m of [first, second, ...others, t1, t2]) m.membership.leave();
    expect(groups.size).toBe(0);
    // A request after the group ended starts a new one.
    expect(cacheOf(groups, key).cache).not.toBe(first.cache);
  });

  it("give a group's operations one admission turn, released when the last of them ends", async () => {
    const groups = createRequestGroups({ windowMs: 5, maxWaitMs: 50 });
    let entered = 0;
    let released = 0;
    const enter = async () => (entered++, () => void released++);
    const headers = { authorization: "Bearer fg_a", "x-request-id": "r1" };
    const [one, two] = [groups.open(request(headers)), groups.open(request(headers))];
    const releaseOne = await one!.admit(enter);
    const releaseTwo = await two!.admit(enter);
    expect(entered).toBe(1);
    releaseOne();
    releaseOne();
    expect(released).toBe(0);
    releaseTwo();
    expect(released).toBe(1);
    // Another caller takes a turn of its own.
    await groups.open(request({ authorization: "Bearer fg_b", "x-request-id": "r1" })).admit(enter);
    expect(entered).toBe(2);
  });
});
