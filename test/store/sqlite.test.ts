import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import { sqliteBackend } from "./backends.js";
import { describeStoreContract, sampleConnection } from "./store-contract.js";

/** The tables of migration 1 that later migrations change, as a v1 file has them. */
const V1_TABLES = `CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);
  CREATE TABLE connections (tenant_id TEXT NOT NULL, provider TEXT NOT NULL, method TEXT NOT NULL,
    access_token TEXT NOT NULL, refresh_token TEXT, expires_at INTEGER, refresh_expires_at INTEGER,
    scope TEXT, account_id TEXT, secrets TEXT, status TEXT NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, provider));
  CREATE TABLE oauth_states (state TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, provider TEXT NOT NULL,
    redirect_uri TEXT NOT NULL, return_to TEXT, expires_at INTEGER NOT NULL);
  CREATE TABLE idempotency (scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
    state TEXT NOT NULL, response TEXT, expires_at INTEGER NOT NULL, PRIMARY KEY (scope, key));`;

describeStoreContract("sqlite", sqliteBackend);

describe("sqlite store specifics", () => {
  let backend: ReturnType<typeof sqliteBackend> | undefined;
  afterEach(async () => {
    await backend?.dispose();
    backend = undefined;
  });

  it("runs numbered migrations once, in WAL mode", async () => {
    const cipher = createCipher(generateKey());
    const { file } = (backend = sqliteBackend());
    await createSqliteStore({ file, cipher }).close();
    await createSqliteStore({ file, cipher }).close(); // reopening applies nothing twice
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT version FROM schema_migrations").all()).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 4 },
      { version: 5 },
      { version: 6 },
    ]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("migrating a v1 file keeps a record that was in progress then held until it expires, as v1 did", async () => {
    const { file } = (backend = sqliteBackend());
    const t = Date.now();
    const v1 = new Database(file);
    v1.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
      INSERT INTO schema_migrations VALUES (1, ${t});
      ${V1_TABLES}
      INSERT INTO idempotency VALUES ('t:createOrder', 'k', 'fp', 'in_progress', NULL, ${t + 60_000});`);
    v1.close();
    let clock = t;
    const store = createSqliteStore({ file, cipher: createCipher(generateKey()), now: () => clock });
    const o = { ttlMs: 60_000, leaseMs: 1_000 };
    clock += 30_000; // far past any lease: a v1 holder may still be writing
    expect(await store.beginIdempotent("t:createOrder", "k", "fp", o)).toEqual({ outcome: "in_progress" });
    expect(await store.listUnknownIdempotent({ settledBefore: clock, limit: 10 })).toEqual([]);
    clock += 30_000;
    expect(await store.beginIdempotent("t:createOrder", "k", "fp", o)).toEqual({ outcome: "started", owner: expect.any(String) });
    await store.close();
  });

  it("migrating deletes what revocation used to keep: revoked tenants' connections and states; older states bind no browser", async () => {
    const { file } = (backend = sqliteBackend());
    const t = Date.now();
    const cipher = createCipher(generateKey());
    const v1 = new Database(file);
    v1.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
      INSERT INTO schema_migrations VALUES (1, ${t});
      ${V1_TABLES}
      INSERT INTO tenants VALUES ('gone', 'Gone', ${t}, ${t}), ('live', 'Live', ${t}, NULL);
      INSERT INTO oauth_states VALUES ('s-gone', 'gone', 'hypersku', 'http://x/cb', NULL, ${t + 60_000}),
        ('s-live', 'live', 'hypersku', 'http://x/cb', NULL, ${t + 60_000});`);
    const row = (tenantId: string) => [tenantId, "hypersku", "oauth", cipher.encrypt("tok"), null, null, null, null, `acct-${tenantId}`, null, "connected", t];
    const insert = v1.prepare("INSERT INTO connections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.run(...row("gone"));
    insert.run(...row("live"));
    v1.close();
    const store = createSqliteStore({ file, cipher, now: () => t });
    expect(await store.getConnection("gone", "hypersku")).toBeNull();
    expect(await store.consumeOAuthState("s-gone")).toBeNull();
    expect(await store.getConnection("live", "hypersku")).toEqual(
      sampleConnection("live", {
        method: "oauth",
        accessToken: "tok",
        refreshToken: null,
        expiresAt: null,
        refreshExpiresAt: null,
        scope: null,
        accountId: "acct-live",
        secrets: null,
        updatedAt: t,
      }),
    );
    expect(await store.consumeOAuthState("s-live")).toMatchObject({ tenantId: "live", browserHash: null });
    await store.close();
  });

  it("works in memory", async () => {
    const store = createSqliteStore({ file: ":memory:", cipher: createCipher(generateKey()) });
    const t = await store.createTenant("Acme");
    expect(await store.getTenant(t.id)).toEqual(t);
    await store.close();
  });
});
