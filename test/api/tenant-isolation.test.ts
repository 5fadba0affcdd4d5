import { describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import { connectedTenant, useStack } from "../support/stack.js";

/** Two tenants on different provider accounts, 200 interleaved concurrent requests: no response mixes them. */

const stack = useStack();

describe("tenant isolation", () => {
  it("200 interleaved concurrent requests each see only their own tenant's provider data", async () => {
    const a = await connectedTenant(stack.api, "Tenant A", 0);
    const b = await connectedTenant(stack.api, "Tenant B", 1);
    const warehousesOf = {
      a: (await a.sdk.Isolation({ first: 1 })).warehouses!.map((w) => w.code).sort(),
      b: (await b.sdk.Isolation({ first: 1 })).warehouses!.map((w) => w.code).sort(),
    };
    expect(warehousesOf.a.some((code) => warehousesOf.b.includes(code))).toBe(false);
    // Each tenant sees exactly its shop's seeded warehouses (S100001: 3, S100002: 2 in simulators/supership/seed.ts).
    const seededWarehouses = (shop: string) =>
      [...stack.sims.supership.state.warehouses.values()]
        .filter((w) => w.shop === shop)
        .map((w) => w.code)
        .sort();
    expect(warehousesOf.a).toEqual(seededWarehouses(SUPERSHIP_DEMO.accounts[0].shopCode));
    expect(warehousesOf.b).toEqual(seededWarehouses(SUPERSHIP_DEMO.accounts[1].shopCode));
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const who = i % 2 === 0 ? a : b;
        const res = await who.sdk.Isolation({ first: 5 + (i % 7) });
        return { who, res, first: 5 + (i % 7) };
      }),
    );
    for (const { who, res, first } of results) {
      expect(res.viewer.tenant?.id).toBe(who.tenantId);
      const socs = res.orders!.edges.map((e) => e.node.storeOrderId);
      expect(socs).toHaveLength(first); // both accounts have more seeded orders (520, 40) than the largest page (11)
      // Account 10001's store orders are SO-nnnnnn, account 10002's SO2-nnnnnn (simulator seed).
      expect(socs.every((s) => (who === a ? /^SO-\d{6}$/ : /^SO2-\d{6}$/).test(s))).toBe(true);
      expect(res.warehouses!.map((w) => w.code).sort()).toEqual(who === a ? warehousesOf.a : warehousesOf.b);
    }
    // Both provider accounts really were used, each by its own tenant.
    const accounts = new Set(
      stack.sims.hypersku.control
        .log()
        .map((r) => r.account)
        .filter(Boolean),
    );
    expect(accounts).toEqual(new Set([HYPERSKU_DEMO.accounts[0].accountId, HYPERSKU_DEMO.accounts[1].accountId]));
    const shops = new Set(
      stack.sims.supership.control
        .log()
        .map((r) => r.account)
        .filter(Boolean),
    );
    expect(shops).toEqual(new Set([SUPERSHIP_DEMO.accounts[0].shopCode, SUPERSHIP_DEMO.accounts[1].shopCode]));
  });
});
