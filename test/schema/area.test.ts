import { describe, expect, it } from "vitest";
import { createTenant, startApi, useStack } from "../support/stack.js";

/** Areas: provinces → districts → communes from SuperShip's anonymous Areas API, one call per distinct parent, kept per process. */

const stack = useStack();

describe("areas", () => {
  it("provinces work for a tenant that has connected no provider, and for a caller without a key", async () => {
    const { apiKey } = await createTenant(stack.api.store, "No providers");
    const { provinces } = await stack.api.as(apiKey).Provinces();
    expect(provinces).toEqual(
      expect.arrayContaining([
        { code: "01", name: "Thành phố Hà Nội" },
        { code: "79", name: "Thành phố Hồ Chí Minh" },
      ]),
    );
    expect((await stack.api.sdk().Provinces()).provinces).toEqual(provinces);
  });

  it("walks provinces → districts → communes with one call per province and per district, then keeps the lists for the process", async () => {
    const fresh = await startApi({ urls: stack.sims.urls });
    try {
      stack.sims.supership.control.clearCounters();
      const first = await fresh.sdk().AreaTree();
      const districtCount = first.provinces.flatMap((p) => p.districts).length;
      expect(stack.sims.supership.control.counts().byEndpoint).toEqual({ provinces: 1, districts: first.provinces.length, communes: districtCount });
      stack.sims.supership.control.clearCounters();
      expect(await fresh.sdk().AreaTree()).toEqual(first);
      expect(stack.sims.supership.control.counts().total).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it("with AREA_CACHE_TTL_MS=0 the lists are kept for one request only", async () => {
    const perRequest = await startApi({ urls: stack.sims.urls, env: { AREA_CACHE_TTL_MS: "0" } });
    try {
      for (let i = 0; i < 2; i++) {
        stack.sims.supership.control.clearCounters();
        await perRequest.sdk().Provinces();
        await perRequest.sdk().Provinces();
        expect(stack.sims.supership.control.counts().byEndpoint).toEqual({ provinces: 2 });
      }
    } finally {
      await perRequest.close();
    }
  });

  it("the tree: known districts and communes", async () => {
    const { provinces } = await stack.api.sdk().AreaTree();

    const hanoi = provinces.find((p) => p.code === "01")!;
    const hcm = provinces.find((p) => p.code === "79")!;
    // Hà Nội's 30 district-level units and HCMC's 23 districts of the docs (§5 B2), pre-2025 structure.
    expect(hanoi.districts).toHaveLength(30);
    expect(hcm.districts).toHaveLength(23);
    expect(hcm.districts.map((d) => d.code).sort()).toEqual([
      "760",
      "761",
      "762",
      "763",
      "764",
      "765",
      "766",
      "767",
      "768",
      "769",
      "770",
      "771",
      "772",
      "773",
      "774",
      "775",
      "776",
      "777",
      "778",
      "783",
      "784",
      "785",
      "786",
    ]);
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
        const failed = await isolated
          .sdk()
          .AreaTree()
          .then(
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
