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
    expect(db.prepare("SELECT version FROM schema_migrations").all()).toEqual([{ version: 1 }]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("works in memory", async () => {
    const store = createSqliteStore({ file: ":memory:", cipher: createCipher(generateKey()) });
    const t = await store.createTenant("Acme");
    expect(await store.getTenant(t.id)).toEqual(t);
    await store.close();
  });
});
