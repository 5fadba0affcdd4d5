import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import { sqliteBackend } from "./backends.js";
import { describeStoreContract } from "./store-contract.js";

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
    expect(db.prepare("SELECT version FROM schema_migrations").all()).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("migrating a v1 file keeps a record that was in progress then held until it expires, as v1 did", async () => {
    const { file } = (backend = sqliteBackend());
    const t = Date.now();
    const v1 = new Database(file);
    v1.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
      INSERT INTO schema_migrations VALUES (1, ${t});
      CREATE TABLE idempotency (scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
        state TEXT NOT NULL, response TEXT, expires_at INTEGER NOT NULL, PRIMARY KEY (scope, key));
      CREATE TABLE connections (tenant_id TEXT NOT NULL, provider TEXT NOT NULL, method TEXT NOT NULL,
        access_token TEXT NOT NULL, refresh_token TEXT, expires_at INTEGER, refresh_expires_at INTEGER,
        scope TEXT, account_id TEXT, secrets TEXT, status TEXT NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, provider));
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

  it("works in memory", async () => {
    const store = createSqliteStore({ file: ":memory:", cipher: createCipher(generateKey()) });
    const t = await store.createTenant("Acme");
    expect(await store.getTenant(t.id)).toEqual(t);
    await store.close();
  });
});
