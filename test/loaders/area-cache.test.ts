import { describe, expect, it } from "vitest";
import { createAreaCache } from "../../src/loaders/area.js";
import type { SupershipClient } from "../../src/providers/supership/client.js";

/** The process-wide cache of SuperShip's area lists: what it keeps, for how long, and when it reads again. */

function fakeSupership() {
  const calls: string[] = [];
  let fail = false;
  let version = 1;
  const answer = async <T>(call: string, value: T): Promise<T> => {
    calls.push(call);
    if (fail) throw new Error("provider down");
    return value;
  };
  const client = {
    provinces: () => answer("provinces", [{ code: "79", name: `Thành phố Hồ Chí Minh v${version}` }]),
    districts: (code: string) => answer(`districts ${code}`, [{ code: "767", name: "Quận Tân Phú" }]),
    communes: (code: string) => answer(`communes ${code}`, [{ code: "27040", name: "Phường Tân Thới Hòa" }]),
  } as unknown as SupershipClient;
  return { client, calls, failNext: (on: boolean) => (fail = on), bump: () => version++ };
}

describe("createAreaCache", () => {
  it("reads each list once for concurrent and later callers within the TTL, then again after it", async () => {
    const fake = fakeSupership();
    let now = 0;
    const areas = createAreaCache(() => fake.client, { ttlMs: 1_000, now: () => now }).for(undefined);
    await Promise.all([areas.provinces(), areas.provinces(), areas.districts("79"), areas.districts("79"), areas.districts("01")]);
    expect(fake.calls).toEqual(["provinces", "districts 79", "districts 01"]);
    now = 999;
    await areas.provinces();
    expect(fake.calls).toHaveLength(3);
    now = 1_000;
    fake.bump();
    expect((await areas.provinces())[0]!.name).toBe("Thành phố Hồ Chí Minh v2");
    expect(fake.calls).toEqual(["provinces", "districts 79", "districts 01", "provinces"]);
  });

  it("keeps no failure: the next caller asks again", async () => {
    const fake = fakeSupership();
    const areas = createAreaCache(() => fake.client, { ttlMs: 60_000 }).for(undefined);
    fake.failNext(true);
    await expect(areas.communes("767")).rejects.toThrow("provider down");
    fake.failNext(false);
    expect(await areas.communes("767")).toHaveLength(1);
    expect(fake.calls).toEqual(["communes 767", "communes 767"]);
  });

  it("recheck reads a list again only when the kept one is older than recheckAfterMs", async () => {
    const fake = fakeSupership();
    let now = 0;
    const areas = createAreaCache(() => fake.client, { ttlMs: 3_600_000, recheckAfterMs: 60_000, now: () => now }).for(undefined);
    await areas.provinces();
    now = 59_999;
    await areas.recheck.provinces();
    expect(fake.calls).toEqual(["provinces"]);
    now = 60_000;
    fake.bump();
    expect((await areas.recheck.provinces())[0]!.name).toBe("Thành phố Hồ Chí Minh v2");
    // The re-read list is the kept one from now on.
    expect((await areas.provinces())[0]!.name).toBe("Thành phố Hồ Chí Minh v2");
    expect(fake.calls).toEqual(["provinces", "provinces"]);
  });

  it("keeps at most maxEntries lists, dropping the oldest", async () => {
    const fake = fakeSupership();
    const areas = createAreaCache(() => fake.client, { ttlMs: 3_600_000, maxEntries: 2 }).for(undefined);
    await areas.districts("01");
    await areas.districts("79");
    await areas.districts("48");
    await areas.districts("79");
    await areas.districts("01");
    expect(fake.calls).toEqual(["districts 01", "districts 79", "districts 48", "districts 01"]);
  });

  it("a list is fetched as the call of the request that found it missing; the next request reads the kept one", async () => {
    const fake = fakeSupership();
    const clientsFor: (string | undefined)[] = [];
    const cache = createAreaCache(
      (request) => {
        clientsFor.push(request?.requestId);
        return fake.client;
      },
      { ttlMs: 60_000 },
    );
    await cache.for({ requestId: "first", deadline: 1_000 }).provinces();
    await cache.for({ requestId: "second" }).provinces();
    await cache.for({ requestId: "second" }).districts("79");
    expect(clientsFor).toEqual(["first", "second"]);
    expect(fake.calls).toEqual(["provinces", "districts 79"]);
  });
});
