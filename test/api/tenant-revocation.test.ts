import Database from "better-sqlite3";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import { runTenantCli } from "../../src/cli/tenant.js";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import type { ProviderName, Store } from "../../src/store/types.js";
import { redisBackend, sqliteBackend } from "../store/backends.js";
import type { StoreBackend } from "../store/store-contract.js";
import { connectHyperskuOAuth, consentUrl, simCount } from "../support/oauth.js";
import { type Api, connectedTenant, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";
import { SUPERSHIP_PARTNER_ENV } from "../support/supership-inputs.js";

/**
 * Revoking a tenant (`npm run tenant -- revoke`) deletes its stored provider credentials and
 * its pending OAuth sign-ins, on the served app, against each backend's bytes at rest: the
 * sealed blobs and the rows or keys must be gone, not merely unreadable.
 */

const PROVIDERS: ProviderName[] = ["hypersku", "supership"];
const [shop] = SUPERSHIP_DEMO.accounts;

/** Where one backend keeps a tenant's connections and states, read past the store's API. */
interface Inspect {
  /** The tenant's connection rows / keys and pending state rows / keys, named. */
  rowsOf(tenantId: string): Promise<string[]>;
  /** The sealed blobs of the tenant's connections, as stored. */
  sealedOf(tenantId: string): Promise<string[]>;
}

function sqliteInspect(file: string): Inspect {
  const read = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(file, { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    async rowsOf(tenantId) {
      return read((db) => [
        ...(db.prepare("SELECT provider FROM connections WHERE tenant_id = ?").all(tenantId) as { provider: string }[]).map((r) => `connection ${r.provider}`),
        ...(db.prepare("SELECT state FROM oauth_states WHERE tenant_id = ?").all(tenantId) as { state: string }[]).map((r) => `state ${r.state}`),
      ]);
    },
    async sealedOf(tenantId) {
      const rows = read(
        (db) => db.prepare("SELECT access_token, refresh_token, secrets FROM connections WHERE tenant_id = ?").all(tenantId) as Record<string, string | null>[],
      );
      return rows.flatMap((r) => Object.values(r)).filter((v): v is string => v !== null);
    },
  };
}

function redisInspect(url: string, prefix: string): Inspect & { close(): Promise<void> } {
  const admin = new Redis(url);
  const keys = async () => {
    const all: string[] = [];
    for await (const batch of admin.scanStream({ match: `${prefix}*`, count: 200 })) all.push(...(batch as string[]));
    return all;
  };
  return {
    async rowsOf(tenantId) {
      const found: string[] = [];
      for (const key of await keys()) {
        if (key.startsWith(`${prefix}conn:${tenantId}:`) || key === `${prefix}tenant-oauth:${tenantId}`) found.push(key);
        else if (key.startsWith(`${prefix}oauth:`) && (await admin.get(key))?.includes(tenantId)) found.push(key);
      }
      return found;
    },
    async sealedOf(tenantId) {
      const raw = await Promise.all(PROVIDERS.map((p) => admin.get(`${prefix}conn:${tenantId}:${p}`)));
      return raw.flatMap((r) => {
        if (r === null) return [];
        const { accessToken, refreshToken, secrets } = JSON.parse(r) as Record<string, string | null>;
        return [accessToken, refreshToken, secrets].filter((v): v is string => typeof v === "string");
      });
    },
    close: () => admin.quit().then(() => undefined),
  };
}

function describeRevocation(name: string, make: () => { backend: StoreBackend; inspect: Inspect & { close?(): Promise<void> } }) {
  describe(`${name}: revoking a tenant`, () => {
    let sims: Simulators;
    let api: Api;
    let store: Store;
    let backend: StoreBackend;
    let inspect: Inspect & { close?(): Promise<void> };

    beforeAll(async () => {
      ({ backend, inspect } = make());
      const key = generateKey();
      store = backend.open({ cipher: createCipher(key), now: Date.now });
      sims = await startSimulators();
      api = await startApi({ urls: sims.urls, store, encryptionKey: key, env: SUPERSHIP_PARTNER_ENV });
    });
    afterAll(async () => {
      await api?.close();
      await sims?.close();
      await store?.close();
      await inspect?.close?.();
      await backend?.dispose();
    });

    it("deletes its tokens, passwords, connection rows and pending OAuth states at rest; another tenant keeps its own", async () => {
      const leaving = await createTenant(api.store, "Leaving");
      await connectHyperskuOAuth(api, leaving.apiKey);
      const partner = await api.as(leaving.apiKey).ConnectSupershipWithPartnerLogin({ email: shop.email, password: shop.password });
      expect(partner.connectSupershipWithPartnerLogin.__typename).toBe("MutationConnectSupershipWithPartnerLoginSuccess");
      const pending = await consentUrl(api, leaving.apiKey); // a sign-in under way
      const staying = await connectedTenant(api, "Staying", 1);

      // What must disappear: the provider tokens and password in clear, and their sealed blobs.
      const plain = (await Promise.all(PROVIDERS.map((p) => store.getConnection(leaving.tenantId, p)))).flatMap((c) => [
        c!.accessToken,
        ...(c!.refreshToken ? [c!.refreshToken] : []),
        ...Object.values(c!.secrets ?? {}),
      ]);
      expect(plain).toContain(shop.password);
      expect(plain.length).toBeGreaterThanOrEqual(4); // HyperSKU access + refresh token, SuperShip token + password
      const sealed = await inspect.sealedOf(leaving.tenantId);
      const state = new URL(pending.callback).searchParams.get("state")!;
      expect(sealed.length).toBeGreaterThanOrEqual(4);
      expect((await inspect.rowsOf(leaving.tenantId)).length).toBe(2 + 1 + (name === "redis" ? 1 : 0)); // two connections, one state (+ Redis's state index)
      const before = (await backend.rawBytes()).toString("latin1");
      for (const blob of [...sealed, state]) expect(before).toContain(blob); // the dump really holds them
      for (const secret of plain) expect(before).not.toContain(secret); // sealed, as always
      const kept = await inspect.sealedOf(staying.tenantId);

      const lines: string[] = [];
      expect(await runTenantCli(["revoke", leaving.tenantId], { store, out: (l) => lines.push(l) })).toBe(0);
      expect(lines.join("\n")).toContain("stored provider credentials and pending OAuth sign-ins deleted");
      for (const secret of plain) expect(lines.join("\n")).not.toContain(secret);

      expect(await inspect.rowsOf(leaving.tenantId)).toEqual([]);
      const after = (await backend.rawBytes()).toString("latin1");
      for (const gone of [...sealed, ...plain, state]) expect(after).not.toContain(gone);
      for (const blob of kept) expect(after).toContain(blob);
      expect(kept.length).toBeGreaterThanOrEqual(2);

      // The sign-in under way cannot complete, and the other tenant still works.
      const exchanges = simCount(sims, "hypersku", "accessToken");
      expect((await pending.browser.fetch(pending.callback, { redirect: "manual" })).status).toBe(400);
      expect(simCount(sims, "hypersku", "accessToken")).toBe(exchanges);
      expect((await staying.sdk.Viewer()).viewer.hypersku.state).toBe("CONNECTED");
    });
  });
}

describeRevocation("sqlite", () => {
  const backend = sqliteBackend();
  return { backend, inspect: sqliteInspect(backend.file) };
});

const url = process.env.REDIS_URL;
if (!url) console.warn("REDIS_URL unset: skipping the Redis revocation test");
describe.skipIf(!url)("redis", () => {
  describeRevocation("redis", () => {
    const backend = redisBackend(url!);
    return { backend, inspect: redisInspect(url!, backend.prefix) };
  });
});
