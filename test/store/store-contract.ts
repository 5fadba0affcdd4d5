import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Cipher, createCipher, DecryptionError, generateKey, keyId } from "../../src/store/crypto.js";
import { type CachedDelivery, type DeliveryEventRecord, LockTimeoutError, type ProviderConnection, type Store } from "../../src/store/types.js";
import { legacyCipher } from "./legacy-v1.js";

/**
 * The one behaviour both backends must show. A backend is one place where data lives (a SQLite
 * file, a Redis key prefix); `open` may be called several times on it, like several processes.
 */
export interface StoreBackend {
  open(opts: { cipher: Cipher; now: () => number }): Store;
  /** Every byte the backend holds at rest, for the encryption check. */
  rawBytes(): Promise<Buffer>;
  dispose(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
async function waitUntil(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not reached");
    await sleep(5);
  }
}

export const SECRETS = { access: "tok_SECRET_abc123xyz789", refresh: "rtok_SECRET_def456uvw000", password: "hunter2_SECRET_pw_42" };

export function sampleConnection(tenantId: string, over: Partial<ProviderConnection> = {}): ProviderConnection {
  return {
    tenantId,
    provider: "hypersku",
    method: "password",
    accessToken: SECRETS.access,
    refreshToken: SECRETS.refresh,
    expiresAt: 1_900_000_000_000,
    refreshExpiresAt: 1_900_000_500_000,
    scope: "oms",
    accountId: "acct-7",
    secrets: { username: "merchant@example.com", password: SECRETS.password },
    status: "connected",
    updatedAt: 1_800_000_000_000,
    ...over,
  };
}

export function describeStoreContract(name: string, makeStore: () => StoreBackend | Promise<StoreBackend>): void {
  describe(`${name}: Store contract`, () => {
    let backend: StoreBackend;
    let opened: Store[];
    let store: Store;
    // A frozen clock, moved only by advance(); tests that rely on server-side TTLs (Redis PX)
    // also sleep for real.
    let clock: number;
    const now = () => clock;
    const advance = (ms: number) => {
      clock += ms;
    };
    const cipher = createCipher(generateKey());
    const open = (c: Cipher = cipher) => {
      const s = backend.open({ cipher: c, now });
      opened.push(s);
      return s;
    };

    beforeEach(async () => {
      clock = Date.now();
      opened = [];
      backend = await makeStore();
      store = open();
    });
    afterEach(async () => {
      for (const s of opened) await s.close();
      await backend.dispose();
    });

    it("pings", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it("creates, reads, lists and revokes tenants (revoking their keys too)", async () => {
      const a = await store.createTenant("Acme");
      advance(10);
      const b = await store.createTenant("Globex");
      expect(a).toEqual({ id: expect.any(String), name: "Acme", createdAt: expect.any(Number), revokedAt: null });
      expect(await store.getTenant(a.id)).toEqual(a);
      expect(await store.getTenant("nope")).toBeNull();
      expect(await store.listTenants()).toEqual([a, b]);
      await store.putApiKey({ keyId: "k1", tenantId: a.id, hash: "h1" });
      advance(5);
      await store.revokeTenant(a.id);
      expect((await store.getTenant(a.id))?.revokedAt).toBe(now());
      expect((await store.getApiKey("k1"))?.revokedAt).toBe(now());
      expect((await store.getTenant(b.id))?.revokedAt).toBeNull();
      await expect(store.revokeTenant("nope")).resolves.toBeUndefined();
    });

    it("stores, lists and revokes API keys", async () => {
      const t = await store.createTenant("Acme");
      const k1 = await store.putApiKey({ keyId: "key1", tenantId: t.id, hash: "a".repeat(64) });
      expect(k1).toEqual({ keyId: "key1", tenantId: t.id, hash: "a".repeat(64), createdAt: now(), revokedAt: null });
      advance(1);
      const k2 = await store.putApiKey({ keyId: "key2", tenantId: t.id, hash: "b".repeat(64) });
      await store.putApiKey({ keyId: "other", tenantId: "t-other", hash: "c".repeat(64) });
      expect(await store.getApiKey("key1")).toEqual(k1);
      expect(await store.getApiKey("missing")).toBeNull();
      expect(await store.listApiKeys(t.id)).toEqual([k1, k2]);
      await store.revokeApiKey("key1");
      const revokedAt = now();
      advance(100);
      await store.revokeApiKey("key1"); // a second revoke keeps the first timestamp
      expect((await store.getApiKey("key1"))?.revokedAt).toBe(revokedAt);
      expect((await store.getApiKey("key2"))?.revokedAt).toBeNull();
      await expect(store.revokeApiKey("missing")).resolves.toBeUndefined();
      expect(await store.getApiKey("missing")).toBeNull();
    });

    it("round-trips connections with every field, replaces and deletes them", async () => {
      const full = sampleConnection("t1");
      const bare = sampleConnection("t1", {
        provider: "supership",
        method: "personal_token",
        refreshToken: null,
        expiresAt: null,
        refreshExpiresAt: null,
        scope: null,
        accountId: null,
        secrets: null,
        status: "reauthorization_required",
        reauthorizationReason: "refresh_answer_unreadable",
      });
      await store.putConnection(full);
      await store.putConnection(bare);
      expect(await store.getConnection("t1", "hypersku")).toEqual(full);
      expect(await store.getConnection("t1", "supership")).toEqual(bare);
      expect(await store.getConnection("t2", "hypersku")).toBeNull();
      const refreshed = { ...full, accessToken: "tok_new", updatedAt: full.updatedAt + 1 };
      await store.putConnection(refreshed);
      expect(await store.getConnection("t1", "hypersku")).toEqual(refreshed);
      await store.deleteConnection("t1", "hypersku");
      expect(await store.getConnection("t1", "hypersku")).toBeNull();
      expect(await store.getConnection("t1", "supership")).toEqual(bare);
    });

    it("keeps connections across a restart", async () => {
      const conn = sampleConnection("t1");
      await store.putConnection(conn);
      await store.close();
      expect(await open().getConnection("t1", "hypersku")).toEqual(conn);
    });

    it("encrypts tokens and secrets at rest, and a wrong key fails loudly", async () => {
      await store.putConnection(sampleConnection("t1"));
      await store.putConnection(sampleConnection("t1", { provider: "supership", method: "oauth" }));
      const raw = (await backend.rawBytes()).toString("latin1");
      expect(raw).toContain("acct-7"); // proves the dump really holds the connection
      for (const plain of Object.values(SECRETS)) expect(raw).not.toContain(plain);
      const other = open(createCipher(generateKey()));
      await expect(other.getConnection("t1", "hypersku")).rejects.toBeInstanceOf(DecryptionError);
    });

    it("reseals a connection sealed with a previous key (v2 or v1) with the current key, keeping its values", async () => {
      const [k1, k2] = [generateKey(), generateKey()];
      const full = sampleConnection("t1");
      const bare = sampleConnection("t1", { provider: "supership", method: "personal_token", refreshToken: null, secrets: null });
      await open(createCipher(k1)).putConnection(full);
      await open(legacyCipher(k1)).putConnection(bare); // as a deployment before key ids left it
      const rotated = open(createCipher({ current: k2, previous: [k1] }));
      const onlyNew = open(createCipher(k2));
      await expect(onlyNew.getConnection("t1", "hypersku")).rejects.toBeInstanceOf(DecryptionError);
      expect(await rotated.getConnection("t1", "hypersku")).toEqual(full);

      expect(await rotated.resealConnection("t1", "hypersku")).toBe("resealed");
      expect(await rotated.resealConnection("t1", "supership")).toBe("resealed");
      expect(await rotated.resealConnection("t1", "hypersku")).toBe("current");
      expect(await rotated.resealConnection("t2", "hypersku")).toBe("missing");
      expect(await onlyNew.getConnection("t1", "hypersku")).toEqual(full);
      expect(await onlyNew.getConnection("t1", "supership")).toEqual(bare);
      await expect(open(createCipher(k1)).getConnection("t1", "hypersku")).rejects.toBeInstanceOf(DecryptionError);
      const raw = (await backend.rawBytes()).toString("latin1");
      expect(raw).toContain(`v2.${keyId(k2)}.`);
      for (const plain of Object.values(SECRETS)) expect(raw).not.toContain(plain);
    });

    it("reseals a webhook token sealed with a previous key with the current key", async () => {
      const [k1, k2] = [generateKey(), generateKey()];
      await open(createCipher(k1)).putWebhookToken({ tenantId: "t1", hash: "h1", token: "hook_SECRET_t1" });
      const rotated = open(createCipher({ current: k2, previous: [k1] }));
      const onlyNew = open(createCipher(k2));
      await expect(onlyNew.getWebhookToken("t1")).rejects.toBeInstanceOf(DecryptionError);
      expect(await rotated.resealWebhookToken("t1")).toBe("resealed");
      expect(await rotated.resealWebhookToken("t1")).toBe("current");
      expect(await rotated.resealWebhookToken("t2")).toBe("missing");
      expect(await onlyNew.getWebhookToken("t1")).toMatchObject({ hash: "h1", token: "hook_SECRET_t1" });
      expect(await onlyNew.findWebhookTenant("h1")).toBe("t1");
      await expect(open(createCipher(generateKey())).resealWebhookToken("t1")).rejects.toBeInstanceOf(DecryptionError);
    });

    it("leaves a connection no configured key opens as it is, with a DecryptionError", async () => {
      const stranger = generateKey();
      await open(createCipher(stranger)).putConnection(sampleConnection("t1"));
      const err = await store.resealConnection("t1", "hypersku").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DecryptionError);
      expect((err as DecryptionError).keyId).toBe(keyId(stranger));
      expect(await open(createCipher(stranger)).getConnection("t1", "hypersku")).toEqual(sampleConnection("t1"));
    });

    it("consumes an OAuth state at most once, and never after expiry", async () => {
      const rec = { state: "s1", tenantId: "t1", provider: "hypersku" as const, redirectUri: "http://x/cb", returnTo: null, expiresAt: now() + 60_000, browserHash: "h-1" };
      await store.putOAuthState(rec);
      await store.putOAuthState({ ...rec, state: "s2", returnTo: "/done", browserHash: null });
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.consumeOAuthState("s1")));
      expect(results.filter((r) => r !== null)).toEqual([rec]);
      expect(await store.consumeOAuthState("s1")).toBeNull();
      expect(await store.consumeOAuthState("unknown")).toBeNull();
      advance(60_001);
      expect(await store.consumeOAuthState("s2")).toBeNull();
    });

    it("keeps the browser hash with an OAuth state", async () => {
      const rec = { state: "s3", tenantId: "t1", provider: "hypersku" as const, redirectUri: "http://x/cb", returnTo: "/back", expiresAt: now() + 60_000, browserHash: null };
      await store.putOAuthState(rec);
      expect(await open().consumeOAuthState("s3")).toEqual(rec);
    });

    it("claims a signed link's id exactly once, even from many processes at once", async () => {
      const other = open();
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? other : store).claimLink("link-1", now() + 600_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claimLink("link-1", now() + 600_000)).toBe(false);
      expect(await other.claimLink("link-2", now() + 600_000)).toBe(true);
    });

    it("revoking a tenant deletes its connections and pending OAuth states from the bytes at rest, and leaves other tenants' alone", async () => {
      // A cipher that remembers what it sealed: the exact blobs each connection left at rest.
      let sealedNow: string[] = [];
      const recording: Cipher = { ...cipher, encrypt: (plain) => sealedNow[sealedNow.push(cipher.encrypt(plain)) - 1]! };
      const writer = open(recording);
      const sealedBy = async (write: () => Promise<void>) => {
        sealedNow = [];
        await write();
        return sealedNow;
      };
      const [a, b] = [await store.createTenant("Revoked"), await store.createTenant("Kept")];
      const kept = sampleConnection(b.id, { accountId: "acct-KEPT" });
      const ofB = await sealedBy(() => writer.putConnection(kept));
      const ofA = await sealedBy(async () => {
        await writer.putConnection(sampleConnection(a.id, { accountId: "acct-REVOKED" }));
        await writer.putConnection(sampleConnection(a.id, { provider: "supership", method: "partner_login", accountId: "shop-REVOKED" }));
      });
      expect(ofA).toHaveLength(2 * 3); // access token, refresh token and secrets of each
      const state = { provider: "hypersku" as const, redirectUri: "http://x/cb", returnTo: null, expiresAt: now() + 60_000, browserHash: "h" };
      await store.putOAuthState({ ...state, state: "state-of-REVOKED", tenantId: a.id });
      await store.putOAuthState({ ...state, state: "state-of-KEPT", tenantId: b.id });
      const before = (await backend.rawBytes()).toString("latin1");
      for (const there of ["acct-REVOKED", "state-of-REVOKED", ...ofA]) expect(before).toContain(there); // the dump really holds them

      await store.revokeTenant(a.id);
      expect(await store.getConnection(a.id, "hypersku")).toBeNull();
      expect(await store.getConnection(a.id, "supership")).toBeNull();
      const raw = (await backend.rawBytes()).toString("latin1");
      for (const gone of ["acct-REVOKED", "shop-REVOKED", "state-of-REVOKED", ...ofA]) expect(raw).not.toContain(gone);
      for (const blob of ofB) expect(raw).toContain(blob);
      expect(await store.consumeOAuthState("state-of-REVOKED")).toBeNull();
      expect(await store.getConnection(b.id, "hypersku")).toEqual(kept);
      expect(await store.consumeOAuthState("state-of-KEPT")).toMatchObject({ tenantId: b.id });
      await expect(store.revokeTenant(a.id)).resolves.toBeUndefined(); // again: nothing left to delete
    });

    const hookEvent = (tenantId: string, over: Partial<DeliveryEventRecord> = {}): DeliveryEventRecord => ({
      tenantId,
      code: "SGNA0001",
      soc: "SO-1",
      type: "update_status",
      status: "3",
      statusName: "Đang Vận Chuyển",
      weightGrams: 500,
      shipmentFee: 30_000,
      insuranceFee: null,
      reasonCode: null,
      reasonText: null,
      pushedAt: "2026-01-02T03:04:05+07:00",
      receivedAt: now(),
      ...over,
    });

    it("finds a tenant by its webhook token's hash, seals the token at rest, and a new token makes the old hash find nothing", async () => {
      const [a, b] = [await store.createTenant("A"), await store.createTenant("B")];
      await store.putWebhookToken({ tenantId: a.id, hash: "hash-a1", token: "hook_SECRET_a1" });
      await store.putWebhookToken({ tenantId: b.id, hash: "hash-b1", token: "hook_SECRET_b1" });
      expect(await open().findWebhookTenant("hash-a1")).toBe(a.id);
      expect(await store.getWebhookToken(a.id)).toEqual({ tenantId: a.id, hash: "hash-a1", token: "hook_SECRET_a1", createdAt: now() });
      expect((await backend.rawBytes()).toString("latin1")).not.toContain("hook_SECRET");

      await store.putWebhookToken({ tenantId: a.id, hash: "hash-a2", token: "hook_SECRET_a2" });
      expect(await store.findWebhookTenant("hash-a1")).toBeNull();
      expect(await store.findWebhookTenant("hash-a2")).toBe(a.id);
      expect((await store.getWebhookToken(a.id))?.token).toBe("hook_SECRET_a2");

      await store.deleteWebhookToken(a.id);
      expect(await store.findWebhookTenant("hash-a2")).toBeNull();
      expect(await store.getWebhookToken(a.id)).toBeNull();
      expect(await store.findWebhookTenant("hash-b1")).toBe(b.id);
    });

    it("stores a webhook event once per dedupe key, even from many processes at once, per tenant and delivery", async () => {
      const [a, b] = [await store.createTenant("A"), await store.createTenant("B")];
      const stores = [store, open(), open()];
      const once = { dedupeKey: "k1", retainMs: 60_000 };
      const results = await Promise.all(Array.from({ length: 9 }, (_, i) => stores[i % 3]!.addDeliveryEvent(hookEvent(a.id), once)));
      expect(results.filter(Boolean)).toHaveLength(1);
      // The same key is another tenant's own event; another key is a second event of the delivery.
      expect(await store.addDeliveryEvent(hookEvent(b.id), once)).toBe(true);
      advance(1);
      expect(await store.addDeliveryEvent(hookEvent(a.id, { status: "4", statusName: "Đã Giao", receivedAt: now() }), { ...once, dedupeKey: "k2" })).toBe(true);
      expect(await store.addDeliveryEvent(hookEvent(a.id, { code: "SGNA0002" }), { ...once, dedupeKey: "k3" })).toBe(true);

      const ofA = await open().listDeliveryEvents(a.id, "SGNA0001");
      expect(ofA.map((e) => e.status)).toEqual(["3", "4"]);
      expect(ofA[0]).toEqual(hookEvent(a.id, { receivedAt: now() - 1 }));
      expect(await store.listDeliveryEvents(b.id, "SGNA0001")).toHaveLength(1);
      expect(await store.listDeliveryEvents(b.id, "SGNA0002")).toEqual([]);
      advance(59_999); // the first event's retention is over, not the second's
      expect(await store.listDeliveryEvents(a.id, "SGNA0001")).toEqual([hookEvent(a.id, { status: "4", statusName: "Đã Giao", receivedAt: now() - 59_999 })]);
    });

    it("revoking a tenant deletes its webhook token and events, and leaves other tenants' alone", async () => {
      const [a, b] = [await store.createTenant("A"), await store.createTenant("B")];
      for (const t of [a, b]) {
        await store.putWebhookToken({ tenantId: t.id, hash: `hash-${t.name}`, token: `tok-${t.name}` });
        await store.addDeliveryEvent(hookEvent(t.id, { soc: `soc-of-${t.name}` }), { dedupeKey: "k", retainMs: 60_000 });
      }
      await store.revokeTenant(a.id);
      expect(await store.findWebhookTenant("hash-A")).toBeNull();
      expect(await store.getWebhookToken(a.id)).toBeNull();
      expect(await store.listDeliveryEvents(a.id, "SGNA0001")).toEqual([]);
      const raw = (await backend.rawBytes()).toString("latin1");
      expect(raw).not.toContain("soc-of-A");
      expect(raw).toContain("soc-of-B");
      expect(await store.findWebhookTenant("hash-B")).toBe(b.id);
      expect(await store.listDeliveryEvents(b.id, "SGNA0001")).toHaveLength(1);
    });

    const idem = (ttlMs = 10_000, leaseMs = 5_000, hint?: string) => ({ ttlMs, leaseMs, ...(hint ? { hint } : {}) });
    const started = async (s: Store, scope: string, key: string, fp: string, o = idem()) => {
      const begun = await s.beginIdempotent(scope, key, fp, o);
      if (begun.outcome !== "started") throw new Error(`expected started, got ${begun.outcome}`);
      return begun.owner;
    };

    it("lets exactly one of many concurrent requests start an idempotency key", async () => {
      const other = open();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).beginIdempotent("createOrder", "k1", "fp-a", idem(60_000))));
      expect(results.filter((r) => r.outcome === "started")).toEqual([{ outcome: "started", owner: expect.any(String) }]);
      expect(results.filter((r) => r.outcome === "in_progress")).toHaveLength(9);
    });

    it("replays, rejects mismatches, frees on abandon and expires idempotency records", async () => {
      const owner = await started(store, "s", "k", "fp");
      expect(await store.beginIdempotent("s", "k", "fp-other", idem())).toEqual({ outcome: "mismatch" });
      expect(await store.completeIdempotent("s", "k", owner, '{"id":1}')).toBe(true);
      expect(await store.beginIdempotent("s", "k", "fp", idem())).toEqual({ outcome: "completed", response: '{"id":1}' });
      expect(await store.abandonIdempotent("s", "k", owner)).toBe(false); // too late: the response stays replayable
      expect(await store.completeIdempotent("s", "k", owner, '{"id":2}')).toBe(false);
      expect(await store.beginIdempotent("s", "k", "fp", idem())).toEqual({ outcome: "completed", response: '{"id":1}' });
      expect(await store.beginIdempotent("other-scope", "k", "fp-x", idem())).toEqual({ outcome: "started", owner: expect.any(String) });

      const owner2 = await started(store, "s", "k2", "fp");
      expect(await store.abandonIdempotent("s", "k2", "not-the-owner")).toBe(false);
      expect(await store.beginIdempotent("s", "k2", "fp", idem())).toEqual({ outcome: "in_progress" });
      expect(await store.abandonIdempotent("s", "k2", owner2)).toBe(true);
      expect(await store.beginIdempotent("s", "k2", "fp", idem())).toEqual({ outcome: "started", owner: expect.any(String) });

      advance(10_001);
      expect(await store.beginIdempotent("s", "k", "fp-new", idem())).toEqual({ outcome: "started", owner: expect.any(String) });
    });

    it("an unknown outcome is reported with its since and hint, and exactly one of many concurrent takers reconciles it", async () => {
      const other = open();
      const owner = await started(store, "s", "k", "fp", idem(60_000, 5_000, "SO-1"));
      expect(await store.markIdempotentUnknown("s", "k", "not-the-owner", { since: now(), hint: null })).toBe(false);
      const since = now();
      expect(await store.markIdempotentUnknown("s", "k", owner, { since, hint: null })).toBe(true); // null keeps the hint given at begin
      expect(await store.completeIdempotent("s", "k", owner, "{}")).toBe(false); // no longer its holder
      advance(1);
      expect(await other.beginIdempotent("s", "k", "fp", idem())).toEqual({ outcome: "unknown", since, hint: "SO-1" });
      expect(await other.beginIdempotent("s", "k", "fp-other", idem())).toEqual({ outcome: "mismatch" });
      expect(await store.takeOverIdempotent("s", "k", { leaseMs: 5_000, fingerprint: "fp-other" })).toBeNull();

      const takers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? other : store).takeOverIdempotent("s", "k", { leaseMs: 5_000, fingerprint: "fp" })));
      const winners = takers.filter((t) => t !== null);
      expect(winners).toEqual([{ owner: expect.any(String), since, hint: "SO-1" }]);
      const reconciler = winners[0]!.owner;
      expect(await store.beginIdempotent("s", "k", "fp", idem())).toEqual({ outcome: "in_progress" }); // held by the reconciler now
      // Giving it back (the provider could not tell yet) keeps the first since; a new hint replaces the old.
      expect(await store.markIdempotentUnknown("s", "k", reconciler, { since, hint: "SO-2" })).toBe(true);
      expect(await store.beginIdempotent("s", "k", "fp", idem())).toEqual({ outcome: "unknown", since, hint: "SO-2" });
      const again = await other.takeOverIdempotent("s", "k", { leaseMs: 5_000 });
      expect(again).toEqual({ owner: expect.any(String), since, hint: "SO-2" });
      expect(await other.completeIdempotent("s", "k", again!.owner, '{"found":1}')).toBe(true);
      expect(await store.beginIdempotent("s", "k", "fp", idem())).toEqual({ outcome: "completed", response: '{"found":1}' });
      expect(await store.takeOverIdempotent("s", "k", { leaseMs: 5_000 })).toBeNull();

      // Released by its reconciler: the next begin starts afresh.
      const o2 = await started(store, "s", "k2", "fp");
      await store.markIdempotentUnknown("s", "k2", o2, { since: now(), hint: "x" });
      const taken = await store.takeOverIdempotent("s", "k2", { leaseMs: 5_000 });
      expect(await store.abandonIdempotent("s", "k2", taken!.owner)).toBe(true);
      expect(await store.beginIdempotent("s", "k2", "fp", idem())).toEqual({ outcome: "started", owner: expect.any(String) });
    });

    it("a holder whose lease lapsed (crashed or hung) leaves the record unknown, and can no longer complete or free it", async () => {
      const owner = await started(store, "s", "k", "fp", idem(60_000, 2_000));
      const leaseEnd = now() + 2_000;
      expect(await store.takeOverIdempotent("s", "k", { leaseMs: 2_000 })).toBeNull(); // the lease still runs
      advance(2_000);
      expect(await open().beginIdempotent("s", "k", "fp", idem())).toEqual({ outcome: "unknown", since: leaseEnd, hint: null });
      const taken = await store.takeOverIdempotent("s", "k", { leaseMs: 2_000 });
      expect(taken).toEqual({ owner: expect.any(String), since: leaseEnd, hint: null });
      expect(await store.completeIdempotent("s", "k", owner, '{"late":1}')).toBe(false);
      expect(await store.abandonIdempotent("s", "k", owner)).toBe(false);
      expect(await store.markIdempotentUnknown("s", "k", owner, { since: now(), hint: null })).toBe(false);
      expect(await store.completeIdempotent("s", "k", taken!.owner, '{"reconciled":1}')).toBe(true);
      expect(await store.beginIdempotent("s", "k", "fp", idem())).toEqual({ outcome: "completed", response: '{"reconciled":1}' });
    });

    it("lists unexpired unknown records with a hint settled before a time, oldest first, lapsed leases included", async () => {
      const t0 = now();
      const unknownAt = async (key: string, since: number, hint: string | null) => {
        const owner = await started(store, "tenant-a:createOrder", key, "fp", idem(60_000, 60_000));
        await store.markIdempotentUnknown("tenant-a:createOrder", key, owner, { since, hint });
      };
      await unknownAt("late", t0 + 500, "SO-late");
      await unknownAt("early", t0 - 1_000, "SO-early");
      await unknownAt("fresh", t0 + 5_000, null);
      await started(store, "tenant-a:createDelivery", "lapsing", "fp", idem(60_000, 300, "SOC-1")); // its lease ends at t0 + 300
      await started(store, "tenant-a:createDelivery", "no-hint", "fp", idem(60_000, 200)); // nothing to look it up by
      await started(store, "tenant-a:createDelivery", "running", "fp", idem(60_000, 60_000));
      const done = await started(store, "tenant-a:createOrder", "done", "fp", idem(60_000, 60_000));
      await store.completeIdempotent("tenant-a:createOrder", "done", done, "{}");
      const gone = await started(store, "tenant-b:createOrder", "expiring", "fp", idem(2_000, 100));
      await store.markIdempotentUnknown("tenant-b:createOrder", "expiring", gone, { since: t0 - 5_000, hint: "SO-gone" });
      advance(2_000); // "expiring" is past its ttl now

      expect(await open().listUnknownIdempotent({ settledBefore: t0 + 1_000, limit: 10 })).toEqual([
        { scope: "tenant-a:createOrder", key: "early", since: t0 - 1_000, hint: "SO-early" },
        { scope: "tenant-a:createDelivery", key: "lapsing", since: t0 + 300, hint: "SOC-1" },
        { scope: "tenant-a:createOrder", key: "late", since: t0 + 500, hint: "SO-late" },
      ]);
      expect(await store.listUnknownIdempotent({ settledBefore: t0 + 1_000, limit: 2 })).toHaveLength(2);
      const taken = await store.takeOverIdempotent("tenant-a:createOrder", "early", { leaseMs: 60_000 });
      await store.completeIdempotent("tenant-a:createOrder", "early", taken!.owner, "{}");
      expect((await store.listUnknownIdempotent({ settledBefore: t0 + 1_000, limit: 10 })).map((r) => r.key)).toEqual(["lapsing", "late"]);
    });

    it("never runs two holders of one lock at once", async () => {
      const other = open();
      let inside = 0;
      let most = 0;
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? other : store).withLock("sync", { ttlMs: 10_000, waitMs: 10_000 }, async () => {
            most = Math.max(most, ++inside);
            await sleep(10);
            inside--;
            return i;
          }),
        ),
      );
      expect(most).toBe(1);
      expect(results).toEqual([0, 1, 2, 3, 4, 5]);
      // A throwing holder still releases.
      await expect(
        store.withLock("sync", { ttlMs: 10_000, waitMs: 100 }, async () => {
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      await expect(other.withLock("sync", { ttlMs: 10_000, waitMs: 100 }, async () => "free")).resolves.toBe("free");
    });

    it("takes over a lapsed lock, and the old holder's release leaves the new owner's lock alone", async () => {
      const other = open();
      const releaseA = deferred();
      const releaseB = deferred();
      let bIn = false;
      // A's ttl is far longer than the check below takes even on a loaded machine (Redis expires
      // it in real time; the SQLite store reads the frozen clock, moved by advance()).
      let aIn = false;
      const a = store.withLock("refresh", { ttlMs: 1000, waitMs: 1000 }, async () => {
        aIn = true;
        await releaseA.promise;
      });
      await waitUntil(() => aIn); // A holds the lock before B asks for it
      const b = other.withLock("refresh", { ttlMs: 10_000, waitMs: 5000 }, async () => {
        bIn = true;
        await releaseB.promise;
      });
      await sleep(50);
      expect(bIn).toBe(false);
      advance(1100);
      await waitUntil(() => bIn); // only possible once A's ttl lapsed
      releaseA.resolve();
      await a; // A releases a lock it no longer owns
      await expect(store.withLock("refresh", { ttlMs: 1000, waitMs: 150 }, async () => "stolen")).rejects.toBeInstanceOf(LockTimeoutError);
      releaseB.resolve();
      await b;
      await expect(store.withLock("refresh", { ttlMs: 1000, waitMs: 500 }, async () => "mine")).resolves.toBe("mine");
    });

    it("gives up with LockTimeoutError after waitMs", async () => {
      const release = deferred();
      const holder = store.withLock("busy", { ttlMs: 10_000, waitMs: 100 }, () => release.promise);
      await sleep(10);
      const started = Date.now();
      const err = await open()
        .withLock("busy", { ttlMs: 1000, waitMs: 120 }, async () => "never")
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockTimeoutError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
      release.resolve();
      await holder;
    });

    describe("delivery cache", () => {
      const entry = (tenantId: string, code: string, over: Partial<CachedDelivery> = {}): CachedDelivery => ({
        tenantId,
        code,
        soc: "SO-1",
        data: JSON.stringify({ code, status: "PENDING" }),
        asOf: 1_000,
        createdAt: 1_000,
        storedAt: now(),
        ...over,
      });

      it("keeps entries per tenant: another tenant reads, lists and finds nothing", async () => {
        expect(await store.putCachedDelivery(entry("A", "C1"), 60_000)).toBe(true);
        await store.putCachedDeliverySoc("A", "SO-1", { code: "C1", storedAt: now() }, 60_000);
        await store.setDeliveryPushSince("A", now());
        expect(await store.getCachedDeliveries("A", ["C1", "nope"])).toEqual([entry("A", "C1"), null]);
        expect(await store.getCachedDeliveries("B", ["C1"])).toEqual([null]);
        expect(await store.listCachedDeliveries("B", { limit: 10 })).toEqual([]);
        expect(await store.listCachedDeliveries("B", { soc: "SO-1", limit: 10 })).toEqual([]);
        expect(await store.getCachedDeliverySocs("B", ["SO-1"])).toEqual([null]);
        expect(await store.getDeliveryPushSince("B")).toBeNull();
        expect(await store.getDeliveryPushSince("A")).toBe(now());
      });

      it("refuses a put older (asOf) than the stored entry, across processes", async () => {
        await store.putCachedDelivery(entry("A", "C1", { asOf: 2_000, data: "new" }), 60_000);
        expect(await open().putCachedDelivery(entry("A", "C1", { asOf: 1_500, data: "old" }), 60_000)).toBe(false);
        expect((await store.getCachedDeliveries("A", ["C1"]))[0]?.data).toBe("new");
        expect(await open().putCachedDelivery(entry("A", "C1", { asOf: 2_000, data: "same time" }), 60_000)).toBe(true);
        expect((await store.getCachedDeliveries("A", ["C1"]))[0]?.data).toBe("same time");
      });

      it("lists newest createdAt first, by soc, up to limit; a moved soc leaves its old listing", async () => {
        await store.putCachedDelivery(entry("A", "C1", { createdAt: 1 }), 60_000);
        await store.putCachedDelivery(entry("A", "C2", { createdAt: 3 }), 60_000);
        await store.putCachedDelivery(entry("A", "C3", { createdAt: 2, soc: "SO-2" }), 60_000);
        await store.putCachedDelivery(entry("A", "C4", { createdAt: 4, soc: null }), 60_000);
        const codes = async (opts: { soc?: string; limit: number }) => (await store.listCachedDeliveries("A", opts)).map((e) => e.code);
        expect(await codes({ limit: 10 })).toEqual(["C4", "C2", "C3", "C1"]);
        expect(await codes({ limit: 2 })).toEqual(["C4", "C2"]);
        expect(await codes({ soc: "SO-1", limit: 10 })).toEqual(["C2", "C1"]);
        await store.putCachedDelivery(entry("A", "C1", { createdAt: 1, soc: "SO-2" }), 60_000);
        expect(await codes({ soc: "SO-1", limit: 10 })).toEqual(["C2"]);
        expect(await codes({ soc: "SO-2", limit: 10 })).toEqual(["C3", "C1"]);
      });

      it("expires entries and soc records after retainMs (the injected clock)", async () => {
        await store.putCachedDelivery(entry("A", "C1"), 1_000);
        await store.putCachedDeliverySoc("A", "SO-1", { code: null, storedAt: now() }, 1_000);
        expect(await store.getCachedDeliverySocs("A", ["SO-1", "SO-9"])).toEqual([{ code: null, storedAt: now() }, null]);
        advance(1_001);
        expect(await store.getCachedDeliveries("A", ["C1"])).toEqual([null]);
        expect(await store.listCachedDeliveries("A", { limit: 10 })).toEqual([]);
        expect(await store.getCachedDeliverySocs("A", ["SO-1"])).toEqual([null]);
        // An expired entry never refuses a put, whatever its asOf.
        expect(await store.putCachedDelivery(entry("A", "C1", { asOf: 1 }), 1_000)).toBe(true);
      });

      it("forgets soc records and push flags on request, and the whole cache with the tenant", async () => {
        const t = await store.createTenant("Acme");
        await store.putCachedDelivery(entry(t.id, "C1"), 60_000);
        await store.putCachedDeliverySoc(t.id, "SO-1", { code: "C1", storedAt: now() }, 60_000);
        await store.putCachedDeliverySoc(t.id, "SO-2", { code: "C2", storedAt: now() }, 60_000);
        await store.setDeliveryPushSince(t.id, 5);
        await store.deleteCachedDeliverySoc(t.id, "SO-2");
        expect(await store.getCachedDeliverySocs(t.id, ["SO-1", "SO-2"])).toEqual([{ code: "C1", storedAt: now() }, null]);
        await store.setDeliveryPushSince(t.id, null);
        expect(await store.getDeliveryPushSince(t.id)).toBeNull();
        await store.setDeliveryPushSince(t.id, 5);
        await store.revokeTenant(t.id);
        expect(await store.getCachedDeliveries(t.id, ["C1"])).toEqual([null]);
        expect(await store.listCachedDeliveries(t.id, { soc: "SO-1", limit: 10 })).toEqual([]);
        expect(await store.getCachedDeliverySocs(t.id, ["SO-1"])).toEqual([null]);
        expect(await store.getDeliveryPushSince(t.id)).toBeNull();
      });
    });
  });
}
