import { describe, expect, it } from "vitest";
import { createTenant, startApi, useStack } from "../support/stack.js";

/** Areas: provinces → districts → communes from SuperShip's anonymous Areas API, one call per distinct parent. */


const stack = useStack();

describe("areas", () => {
  it("provinces work for a tenant that has connected no provider, and for a caller without a key", async () => {
    const { apiKey } = await createTenant(stack.api.store, "No providers");
    const { provinces } = await stack.api.as(apiKey).Provinces();
    expect(provinces).toEqual(expect.arrayContaining([{ code: "01", name: "Thành phố Hà Nội" }, { code: "79", name: "Thành phố Hồ Chí Minh" }]));
    expect((await stack.api.sdk().Provinces()).provinces).toEqual(provinces);
  });

  it("walks provinces → districts → communes with one call per province and per district", async () => {
    stack.sims.supership.control.clearCounters();
    const { provinces } = await stack.api.sdk().AreaTree();
    const districts = provinces.flatMap((p) => p.districts);
    expect(stack.sims.supership.control.counts().byEndpoint).toEqual({ provinces: 1, districts: provinces.length, communes: districts.length });

    const hanoi = provinces.find((p) => p.code === "01")!;
    const hcm = provinces.find((p) => p.code === "79")!;
    // Hà Nội's 30 district-level units and HCMC's 23 districts of the docs (§5 B2), pre-2025 structure.
    expect(hanoi.districts).toHaveLength(30);
    expect(hcm.districts).toHaveLength(23);
    expect(hcm.districts.map((d) => d.code).sort()).toEqual(
      ["760", "761", "762", "763", "764", "765", "766", "767", "768", "769", "770", "771", "772", "773", "774", "775", "776", "777", "778", "783", "784", "785", "786"],
    );
    expect(hanoi.districts).toContainEqual(expect.objectContaining({ code: "001", name: "Quận Ba Đình" }));

    const tanPhu = hcm.districts.find((d) => d.code === "767")!;
    expect(tanPhu.name).toBe("Quận Tân Phú");
    expect(tanPhu.communes.map((c) => c.code).sort()).toEqual(["27010", "27013", "27016", "27019", "27022", "27025", "27028", "27031", "27034", "27037", "27040"]);
    expect(tanPhu.communes).toContainEqual({ code: "27040", name: "Phường Tân Thới Hòa" });
  });

  it("a failing Areas API answers a typed provider error at the districts path", async () => {
    stack.sims.supership.control.addFault({ endpoint: "districts", kind: "http500", rate: 1 });
    try {
      const isolated = await startApi({ urls: stack.sims.urls, env: { PROVIDER_RETRIES: "0" } });
      try {
        const failed = await isolated.sdk().AreaTree().then(
          () => expect.fail("the query should fail"),
          (e: unknown) => e as { response: { errors: Array<{ path: unknown[]; extensions: { code: string } }> } },
        );
        // districts is non-null, so the error nulls its Province, then the non-null list: the root is null.
        expect(failed.response.errors[0]).toMatchObject({ path: ["provinces", expect.any(Number), "districts"], extensions: { code: "PROVIDER_HTTP_ERROR" } });
      } finally {
        await isolated.close();
      }
    } finally {
      await fetch(`${stack.sims.supership.url}/__sim/faults`, { method: "DELETE" });
    }
  });
});
