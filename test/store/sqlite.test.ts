import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import { describeStoreContract, type StoreBackend } from "./store-contract.js";

function sqliteBackend(): StoreBackend & { file: string } {
  const dir = mkdtempSync(join(tmpdir(), "fg-sqlite-"));
  const file = join(dir, "store.sqlite");
  const read = (f: string) => (existsSync(f) ? readFileSync(f) : Buffer.alloc(0));
  return {
    file,
    open: ({ cipher, now }) => createSqliteStore({ file, cipher, now }),
    async rawBytes() {
      // The WAL as written, then the main file once everything is checkpointed into it.
      const before = [read(file), read(`${file}-wal`)];
      const db = new Database(file);
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.close();
      return Buffer.concat([...before, read(file), read(`${file}-wal`)]);
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
