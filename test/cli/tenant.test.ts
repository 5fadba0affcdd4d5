import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseApiKey, verifyApiKey } from "../../src/auth/api-keys.js";
import { runTenantCli } from "../../src/cli/tenant.js";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/types.js";
import { SECRETS, sampleConnection } from "../store/store-contract.js";

describe("tenant CLI", () => {
  let store: Store;
  let lines: string[];
  const run = async (...argv: string[]) => {
    lines = [];
    const code = await runTenantCli(argv, { store, out: (l) => lines.push(l) });
    return { code, text: lines.join("\n") };
  };
  const printedKey = (text: string) => /api key: (\S+)/.exec(text)?.[1] ?? "";
  const printedTenant = (text: string) => /tenant id: (\S+)/.exec(text)?.[1] ?? "";
  const keyWorks = async (key: string) => {
    const rec = await store.getApiKey(parseApiKey(key)?.keyId ?? "");
    return rec !== null && rec.revokedAt === null && verifyApiKey(key, rec.hash);
  };

  beforeEach(() => {
    store = createSqliteStore({ file: ":memory:", cipher: createCipher(generateKey()) });
  });
  afterEach(async () => store.close());

  it("create prints the tenant id and a working key once, with a warning", async () => {
    const { code, text } = await run("create", "Acme", "Corp");
    expect(code).toBe(0);
    const tenant = await store.getTenant(printedTenant(text));
    expect(tenant?.name).toBe("Acme Corp");
    expect(await keyWorks(printedKey(text))).toBe(true);
    expect(text).toMatch(/shown only once/);
    const [rec] = await store.listApiKeys(tenant!.id);
    expect(rec?.hash).not.toContain(parseApiKey(printedKey(text))!.secret);
  });

  it("list shows tenants, active keys and connection status, never tokens", async () => {
    const id = printedTenant((await run("create", "Acme")).text);
    await store.putConnection(sampleConnection(id));
    const { code, text } = await run("list");
    expect(code).toBe(0);
    expect(text).toContain(id);
    expect(text).toMatch(new RegExp(`${id}\\tAcme\\t\\S+\\t-\\t1\\tconnected\\tnone`));
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });

  it("revoke revokes the tenant and all its keys", async () => {
    const created = (await run("create", "Acme")).text;
    const id = printedTenant(created);
    expect((await run("revoke", id)).code).toBe(0);
    expect((await store.getTenant(id))?.revokedAt).not.toBeNull();
    expect(await keyWorks(printedKey(created))).toBe(false);
    expect((await run("list")).text).toMatch(new RegExp(`${id}\\tAcme\\t\\S+\\t\\d{4}-\\S+\\t0\\t`));
    expect((await run("rotate", id)).code).toBe(1);
  });

  it("revoke deletes the tenant's stored connections, also when run again on a revoked tenant", async () => {
    const id = printedTenant((await run("create", "Acme")).text);
    await store.putConnection(sampleConnection(id));
    const { code, text } = await run("revoke", id);
    expect(code).toBe(0);
    expect(text).toContain("stored provider credentials and pending OAuth sign-ins deleted");
    expect(await store.getConnection(id, "hypersku")).toBeNull();
    await store.putConnection(sampleConnection(id, { provider: "supership" })); // as a revocation before this change left it
    expect(await run("revoke", id)).toEqual({ code: 0, text: `tenant ${id} was already revoked; its stored provider credentials and pending OAuth sign-ins deleted` });
    expect(await store.getConnection(id, "supership")).toBeNull();
  });

  it("rotate invalidates the old key and prints a new one", async () => {
    const created = (await run("create", "Acme")).text;
    const id = printedTenant(created);
    const { code, text } = await run("rotate", id);
    expect(code).toBe(0);
    expect(await keyWorks(printedKey(created))).toBe(false);
    expect(await keyWorks(printedKey(text))).toBe(true);
    expect(printedKey(text)).not.toBe(printedKey(created));
  });

  it("answers bad usage with the usage line", async () => {
    expect((await run()).code).toBe(2);
    expect((await run("create")).code).toBe(2);
    expect((await run("rekey", "extra")).code).toBe(2);
    expect((await run("revoke", "no-such-tenant")).code).toBe(1);
    expect(lines.join("\n")).toContain("no tenant");
  });
});

describe("tenant CLI entry point", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("runs through tsx on the embedded store with a generated demo key", async () => {
    dir = mkdtempSync(join(tmpdir(), "fg-cli-"));
    const env = { ...process.env, DATA_DIR: dir, REDIS_URL: "", ENCRYPTION_KEY: "" };
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", fileURLToPath(new URL("../../src/cli/tenant.ts", import.meta.url)), "create", "Acme"], {
      env,
    });
    expect(stdout).toMatch(/api key: fg_/);
    expect(existsSync(join(dir, "encryption.key"))).toBe(true);
    expect(existsSync(join(dir, "fulfillment-graph.sqlite"))).toBe(true);
  });
});
