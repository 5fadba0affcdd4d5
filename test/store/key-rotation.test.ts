import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLinkSigner } from "../../src/auth/signed-link.js";
import { createTokenManager, refreshLockName } from "../../src/auth/token-manager.js";
import { runTenantCli } from "../../src/cli/tenant.js";
import { type Cipher, createCipher, DecryptionError, generateKey, keyId } from "../../src/store/crypto.js";
import { createRedisStore } from "../../src/store/redis.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import type { ProviderConnection, ProviderName, Store } from "../../src/store/types.js";
import { start } from "../entries/process.js";
import { redisBackend, sqliteBackend } from "./backends.js";
import { legacyCipher } from "./legacy-v1.js";
import { type StoreBackend, sampleConnection } from "./store-contract.js";

/**
 * ENCRYPTION_KEY rotation (docs/decisions/016-key-rotation.md), on both backends: rows sealed
 * with the old key K1 stay readable while the new key K2 encrypts and K1 is in
 * ENCRYPTION_KEY_PREVIOUS; `npm run tenant -- rekey` reseals them all with K2, so K2 alone reads
 * everything afterwards; nothing at rest is ever plaintext; a refresh racing the rekey keeps its
 * token; what no configured key opens is reported, never printed.
 */

const REDIS_URL = process.env.REDIS_URL;
const ROOT = resolve(import.meta.dirname, "../..");
const CLI = resolve(ROOT, "src/cli/tenant.ts");

const deferred = <T = void>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

/** A connection whose every secret is unique to `tag`, so the dump check covers each row. */
function connection(tenantId: string, provider: ProviderName, tag: string, over: Partial<ProviderConnection> = {}): ProviderConnection {
  return sampleConnection(tenantId, {
    provider,
    accessToken: `tok_ROT_${tag}_a1b2c3d4`,
    refreshToken: `rtok_ROT_${tag}_e5f6g7h8`,
    secrets: { username: `${tag}@example.com`, password: `pw_ROT_${tag}_i9j0k1l2` },
    ...over,
  });
}
const plaintexts = (conns: ProviderConnection[]) =>
  conns.flatMap((c) => [c.accessToken, c.refreshToken, ...Object.values(c.secrets ?? {})].filter((v): v is string => typeof v === "string" && v.includes("_ROT_")));

function describeKeyRotation(name: string, makeBackend: () => StoreBackend) {
  describe(`${name}: ENCRYPTION_KEY rotation`, () => {
    let backend: StoreBackend;
    let opened: Store[];
    const k1 = generateKey();
    const k2 = generateKey();
    const rotated = createCipher({ current: k2, previous: [k1] });
    const open = (cipher: Cipher) => {
      const s = backend.open({ cipher, now: Date.now });
      opened.push(s);
      return s;
    };
    const rekey = async (store: Store) => {
      const lines: string[] = [];
      const code = await runTenantCli(["rekey"], { store, out: (l) => lines.push(l) });
      return { code, text: lines.join("\n") };
    };

    beforeEach(async () => {
      opened = [];
      backend = await makeBackend();
    });
    afterEach(async () => {
      for (const s of opened) await s.close();
      await backend.dispose();
    });

    /** What a deployment on K1 left: v2 rows, a v1 row from before key ids, a revoked tenant's row, a tenant with none. */
    async function seedWithK1() {
      const old = open(createCipher(k1));
      const [a, b, c] = [await old.createTenant("Acme"), await old.createTenant("Globex"), await old.createTenant("Initech")];
      await old.createTenant("Hooli"); // no connection at all
      await old.revokeTenant(c.id);
      const rows = [
        connection(a.id, "hypersku", "a-hs"),
        connection(a.id, "supership", "a-ss", { method: "personal_token", refreshToken: null, secrets: null, expiresAt: null }),
        connection(b.id, "hypersku", "b-hs"),
        connection(c.id, "supership", "c-ss", { method: "partner_login" }),
      ];
      await old.putConnection(rows[0]!);
      await old.putConnection(rows[1]!);
      await open(legacyCipher(k1)).putConnection(rows[2]!);
      await old.putConnection(rows[3]!);
      await old.putWebhookToken({ tenantId: a.id, hash: "hook-hash-a", token: "hook-token-a" }); // sealed too (ADR 026)
      return rows;
    }
    const read = (store: Store, c: ProviderConnection) => store.getConnection(c.tenantId, c.provider);

    it("old rows stay readable during the rotation; rekey reseals each once; afterwards K2 alone reads them and K1 none", async () => {
      const rows = await seedWithK1();
      // During: the server runs with ENCRYPTION_KEY=K2, ENCRYPTION_KEY_PREVIOUS=K1, and keeps writing.
      const server = open(rotated);
      for (const c of rows) expect(await read(server, c)).toEqual(c);
      const e = await server.createTenant("Umbrella");
      const connectedDuring = connection(e.id, "hypersku", "e-hs");
      await server.putConnection(connectedDuring);
      const all = [...rows, connectedDuring];

      const first = await rekey(open(rotated));
      expect(first).toEqual({ code: 0, text: "re-encrypted 5, already current 1, unreadable 0" });
      for (const c of all) expect(await read(server, c)).toEqual(c);

      // After: ENCRYPTION_KEY_PREVIOUS removed.
      const onlyK2 = open(createCipher(k2));
      for (const c of all) expect(await read(onlyK2, c)).toEqual(c);
      expect((await onlyK2.getWebhookToken(rows[0]!.tenantId))?.token).toBe("hook-token-a");
      const onlyK1 = open(createCipher(k1));
      for (const c of all) await expect(read(onlyK1, c)).rejects.toBeInstanceOf(DecryptionError);

      expect(await rekey(open(rotated))).toEqual({ code: 0, text: "re-encrypted 0, already current 6, unreadable 0" });
      expect(await rekey(onlyK2)).toEqual({ code: 0, text: "re-encrypted 0, already current 6, unreadable 0" });
    });

    it("holds no token, refresh token or password in plaintext at rest, before or after rekey", async () => {
      const rows = await seedWithK1();
      const secrets = [...plaintexts(rows), k1, k2];
      expect(secrets.length).toBeGreaterThan(10);
      const check = async () => {
        const raw = (await backend.rawBytes()).toString("latin1");
        expect(raw).toContain(rows[0]!.tenantId); // proves the dump really holds the rows
        expect(raw).toContain("acct-7");
        for (const s of secrets) expect(raw).not.toContain(s);
      };
      await check();
      expect((await rekey(open(rotated))).code).toBe(0);
      await check();
      const raw = (await backend.rawBytes()).toString("latin1");
      expect(raw).toContain(`v2.${keyId(k2)}.`);
    });

    it("a token refresh holding the lock when rekey reaches its connection keeps the refreshed token", async () => {
      const old = open(createCipher(k1));
      const t = await old.createTenant("Acme");
      const expiring = connection(t.id, "hypersku", "race", { method: "oauth", secrets: null, expiresAt: Date.now() - 1_000 });
      await old.putConnection(expiring);
      await old.putConnection(connection(t.id, "supership", "race-ss"));

      // A replica already on the new keys starts refreshing: it holds the refresh lock and has
      // read the old tokens when the provider call is made, and waits there until released.
      const server = open(rotated);
      const inCall = deferred<ProviderConnection>();
      const answer = deferred();
      const tokens = createTokenManager({
        store: server,
        grants: {
          async refresh(_provider, conn) {
            inCall.resolve(conn);
            await answer.promise;
            return { accessToken: "tok_ROT_refreshed_m3n4", refreshToken: "rtok_ROT_refreshed_o5p6", expiresInSec: 3600, refreshExpiresInSec: null };
          },
        },
      });
      const refreshing = tokens.getToken(t.id, "hypersku");
      expect((await inCall.promise).accessToken).toBe(expiring.accessToken);

      // The operator's rekey, a separate store connection: it asks for the same lock.
      const cli = open(rotated);
      const asked = deferred();
      const watched: Store = {
        ...cli,
        withLock(lock, opts, fn) {
          if (lock === refreshLockName(t.id, "hypersku")) asked.resolve();
          return cli.withLock(lock, opts, fn);
        },
      };
      let rekeyDone = false;
      const rekeying = rekey(watched).finally(() => (rekeyDone = true));
      await Promise.race([
        asked.promise,
        rekeying.then(() => {
          throw new Error("rekey finished without asking for the refresh lock");
        }),
      ]);
      await cli.ping(); // answered after its first try at the lock (one connection, in order): that try failed
      expect(rekeyDone).toBe(false);

      answer.resolve();
      expect(await refreshing).toBe("tok_ROT_refreshed_m3n4");
      // Under the lock the rekey read what the refresh wrote (already sealed with K2), not the stale copy.
      expect(await rekeying).toEqual({ code: 0, text: "re-encrypted 1, already current 1, unreadable 0" });
      const stored = await open(createCipher(k2)).getConnection(t.id, "hypersku");
      expect(stored).toMatchObject({ accessToken: "tok_ROT_refreshed_m3n4", refreshToken: "rtok_ROT_refreshed_o5p6", status: "connected" });
    });

    it("reports connections no configured key opens by tenant and provider, exits 1, prints no secret, changes none of them", async () => {
      const stranger = generateKey();
      const s = open(createCipher(stranger));
      const [a, b, c] = [await s.createTenant("Acme"), await s.createTenant("Globex"), await s.createTenant("Initech")];
      const lost = [connection(a.id, "hypersku", "lost-v2"), connection(b.id, "supership", "lost-v1")];
      await s.putConnection(lost[0]!);
      await open(legacyCipher(stranger)).putConnection(lost[1]!);
      const fine = connection(c.id, "hypersku", "fine");
      await open(createCipher(k1)).putConnection(fine);

      const { code, text } = await rekey(open(rotated));
      expect(code).toBe(1);
      const lines = text.split("\n");
      // Tenants made in one millisecond list in id order: the unreadable lines' order is not the test's business.
      expect(lines.slice(0, 2).sort()).toEqual(
        [
          `unreadable: tenant ${a.id} hypersku (sealed with key id ${keyId(stranger)}, which is not configured)`,
          `unreadable: tenant ${b.id} supership (no configured key opens it)`,
        ].sort(),
      );
      expect(lines.slice(2)).toEqual([
        "re-encrypted 1, already current 0, unreadable 2",
        expect.stringMatching(/^error: keep ENCRYPTION_KEY_PREVIOUS until every connection is readable/),
      ]);
      for (const secret of [...plaintexts([...lost, fine]), stranger, k1, k2]) expect(text).not.toContain(secret);
      for (const conn of lost) expect(await read(open(createCipher(stranger)), conn)).toEqual(conn);
      expect(await read(open(createCipher(k2)), fine)).toEqual(fine);
    });
  });
}

describeKeyRotation("sqlite", sqliteBackend);
describe.skipIf(!REDIS_URL)("redis", () => {
  describeKeyRotation("redis", () => redisBackend(REDIS_URL!));

  // The rekey's write lands only over the value it read. A connect or disconnect takes no refresh
  // lock, so one may land between the rekey's read and its write: here it does, on purpose, by
  // writing from another client right after the rekey's GET has been answered.
  describe("a write between the rekey's read and its write", () => {
    const k1 = generateKey();
    const k2 = generateKey();
    const rotated = createCipher({ current: k2, previous: [k1] });
    let backend: ReturnType<typeof redisBackend>;
    let client: Redis;
    let others: Store[];
    beforeEach(() => {
      backend = redisBackend(REDIS_URL!);
      client = new Redis(REDIS_URL!);
      others = [];
    });
    afterEach(async () => {
      for (const s of others) await s.close();
      await client.quit();
      await backend.dispose();
    });
    const openOther = (cipher: Cipher) => {
      const s = backend.open({ cipher, now: Date.now });
      others.push(s);
      return s;
    };
    /** A store on `client` whose next GET, once answered, is followed by `meanwhile` before the store sees it. */
    const rekeyerWith = (meanwhile: () => Promise<void>) => {
      const get = client.get.bind(client);
      let pending = true;
      client.get = (async (key: string) => {
        const value = await get(key);
        if (pending) {
          pending = false;
          await meanwhile();
        }
        return value;
      }) as unknown as typeof client.get;
      return createRedisStore({ client, cipher: rotated, prefix: backend.prefix });
    };

    it("a reconnect in between wins: the rekey reads again and keeps the new tokens", async () => {
      await openOther(createCipher(k1)).putConnection(connection("t1", "hypersku", "stale"));
      const reconnected = connection("t1", "hypersku", "reconnected");
      const server = openOther(rotated);
      const rekeyer = rekeyerWith(() => server.putConnection(reconnected));
      expect(await rekeyer.resealConnection("t1", "hypersku")).toBe("current");
      expect(await openOther(createCipher(k2)).getConnection("t1", "hypersku")).toEqual(reconnected);
    });

    it("a write by a replica still on the old key is resealed on the second read", async () => {
      await openOther(createCipher(k1)).putConnection(connection("t1", "hypersku", "stale"));
      const newer = connection("t1", "hypersku", "newer");
      const lagging = openOther(createCipher(k1));
      const rekeyer = rekeyerWith(() => lagging.putConnection(newer));
      expect(await rekeyer.resealConnection("t1", "hypersku")).toBe("resealed");
      expect(await openOther(createCipher(k2)).getConnection("t1", "hypersku")).toEqual(newer);
    });

    it("a disconnect in between stays a disconnect", async () => {
      await openOther(createCipher(k1)).putConnection(connection("t1", "hypersku", "stale"));
      const server = openOther(rotated);
      const rekeyer = rekeyerWith(() => server.deleteConnection("t1", "hypersku"));
      expect(await rekeyer.resealConnection("t1", "hypersku")).toBe("missing");
      expect(await server.getConnection("t1", "hypersku")).toBeNull();
    });
  });
});

describe("rekey as a real process (tsx src/cli/tenant.ts rekey, SQLite)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "fg-rekey-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (env: Record<string, string>) => {
    const child = start(["--import", "tsx", CLI, "rekey"], { DEMO_MODE: "false", DATA_DIR: dir, LOG_LEVEL: "warn", ...env }, ROOT);
    return { code: await child.exited, out: child.output() };
  };

  it("needs the old key in ENCRYPTION_KEY_PREVIOUS, then reseals, then has nothing left to do", async () => {
    const [k1, k2] = [generateKey(), generateKey()];
    // The file the CLI opens for DATA_DIR (src/store/index.ts), written by a deployment on K1.
    const store = createSqliteStore({ file: join(dir, "fulfillment-graph.sqlite"), cipher: createCipher(k1) });
    const t = await store.createTenant("Acme");
    const rows = [connection(t.id, "hypersku", "p-hs"), connection(t.id, "supership", "p-ss")];
    for (const c of rows) await store.putConnection(c);
    await store.close();

    const withoutPrevious = await run({ ENCRYPTION_KEY: k2 });
    expect(withoutPrevious.code).toBe(1);
    expect(withoutPrevious.out).toContain(`unreadable: tenant ${t.id} hypersku (sealed with key id ${keyId(k1)}, which is not configured)`);
    expect(withoutPrevious.out).toContain("re-encrypted 0, already current 0, unreadable 2");

    const first = await run({ ENCRYPTION_KEY: k2, ENCRYPTION_KEY_PREVIOUS: k1 });
    expect(first, first.out).toEqual({ code: 0, out: "re-encrypted 2, already current 0, unreadable 0\n" });
    const second = await run({ ENCRYPTION_KEY: k2 });
    expect(second, second.out).toEqual({ code: 0, out: "re-encrypted 0, already current 2, unreadable 0\n" });
    for (const out of [withoutPrevious.out, first.out, second.out]) {
      for (const secret of [...plaintexts(rows), k1, k2]) expect(out).not.toContain(secret);
    }
    const after = createSqliteStore({ file: join(dir, "fulfillment-graph.sqlite"), cipher: createCipher(k2) });
    for (const c of rows) expect(await after.getConnection(c.tenantId, c.provider)).toEqual(c);
    await after.close();
  });

  it("a bad ENCRYPTION_KEY_PREVIOUS is a clean message naming it, exit 1, no stack, no value", async () => {
    const bad = "an-old-secret-that-is-no-key";
    const { code, out } = await run({ ENCRYPTION_KEY: generateKey(), ENCRYPTION_KEY_PREVIOUS: `${generateKey()},${bad}` });
    expect(code).toBe(1);
    expect(out).toMatch(/^Invalid configuration:\n {2}ENCRYPTION_KEY_PREVIOUS: entry 2 of 2 is not 32 bytes, base64-encoded/);
    expect(out).not.toMatch(/^\s+at /m);
    expect(out).not.toContain(bad);
  });
});

describe("signed connect links across a rotation", () => {
  it("a link signed with the previous key is still accepted; once that key is dropped it is not", () => {
    const [k1, k2] = [generateKey(), generateKey()];
    const link = createLinkSigner(k1).sign("tenant-1", 60_000);
    expect(createLinkSigner({ current: k2, previous: [k1] }).verify(link)?.tenantId).toBe("tenant-1");
    expect(createLinkSigner(k2).verify(link)).toBeNull();
    const fresh = createLinkSigner({ current: k2, previous: [k1] }).sign("tenant-1", 60_000);
    expect(createLinkSigner(k2).verify(fresh)?.tenantId).toBe("tenant-1");
    expect(createLinkSigner(k1).verify(fresh)).toBeNull();
  });
});
