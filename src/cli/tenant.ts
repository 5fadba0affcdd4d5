import { pathToFileURL } from "node:url";
import { generateApiKey } from "../auth/api-keys.js";
import { REFRESH_LOCK_TTL_MS, refreshLockName } from "../auth/token-manager.js";
import { isDemoMode, loadConfig, loadDotEnv } from "../config.js";
import { runEntry } from "../http/serve.js";
import { createCipher, DecryptionError, loadOrCreateKeyFile } from "../store/crypto.js";
import { createStore } from "../store/index.js";
import { LockTimeoutError, type ProviderName, type Store } from "../store/types.js";

/**
 * Tenant administration: `npm run tenant -- create <name> | list | revoke <id> | rotate <id>`
 * (revoke also deletes the tenant's stored provider credentials and pending OAuth sign-ins),
 * and `rekey` (encryption key rotation, docs/decisions/016-key-rotation.md). API keys are printed
 * exactly once and only their hash is stored; `list` shows connection status, never tokens.
 *
 * The encryption key: ENCRYPTION_KEY, as the server uses it. Only in demo mode (DEMO_MODE, the
 * default, and not NODE_ENV=production: the data folder `npm start` uses) may the CLI fall back
 * to the demo's key file, `<DATA_DIR>/encryption.key`, creating it if needed. Anywhere else a
 * missing ENCRYPTION_KEY is refused before the store is touched: a key the CLI made up would
 * seal tokens the server cannot read. ENCRYPTION_KEY_PREVIOUS adds keys that only decrypt.
 */

const USAGE = "usage: npm run tenant -- create <name> | list | revoke <tenantId> | rotate <tenantId> | rekey";
/** The token manager's lock timing: a refresh holding the lock finishes, or its lock lapses, within this wait. */
const LOCK = { ttlMs: REFRESH_LOCK_TTL_MS, waitMs: REFRESH_LOCK_TTL_MS + 5_000 };
const PROVIDERS: ProviderName[] = ["hypersku", "supership"];

export interface TenantCliDeps {
  store: Store;
  out: (line: string) => void;
}

/** Returns the process exit code: 0 ok, 1 failed, 2 bad usage. */
export async function runTenantCli(argv: string[], { store, out }: TenantCliDeps): Promise<number> {
  const [cmd, ...args] = argv;
  const iso = (ms: number) => new Date(ms).toISOString();

  const issueKey = async (tenantId: string) => {
    const { key, keyId, hash } = generateApiKey();
    await store.putApiKey({ keyId, tenantId, hash });
    return { key, keyId };
  };
  const printKey = (key: string) => {
    out(`api key: ${key}`);
    out("warning: this key is shown only once; store it now (only its hash is kept).");
  };
  const activeTenant = async (id: string | undefined) => {
    const t = id ? await store.getTenant(id) : null;
    if (!t) out(`error: no tenant with id ${id ?? "(missing)"}`);
    else if (t.revokedAt !== null) out(`error: tenant ${t.id} is revoked`);
    return t && t.revokedAt === null ? t : null;
  };

  switch (cmd) {
    case "create": {
      const name = args.join(" ").trim();
      if (!name) break;
      const t = await store.createTenant(name);
      const { key } = await issueKey(t.id);
      out(`tenant id: ${t.id}`);
      printKey(key);
      return 0;
    }
    case "list": {
      out(["id", "name", "created", "revoked", "active_keys", ...PROVIDERS].join("\t"));
      for (const t of await store.listTenants()) {
        const keys = await store.listApiKeys(t.id);
        const statuses = await Promise.all(PROVIDERS.map((p) => connectionStatus(store, t.id, p)));
        const active = keys.filter((k) => k.revokedAt === null).length;
        out([t.id, t.name, iso(t.createdAt), t.revokedAt === null ? "-" : iso(t.revokedAt), String(active), ...statuses].join("\t"));
      }
      return 0;
    }
    case "revoke": {
      const t = args[0] ? await store.getTenant(args[0]) : null;
      if (!t) {
        out(`error: no tenant with id ${args[0] ?? "(missing)"}`);
        return 1;
      }
      // Again on a revoked tenant: deletes credentials a revocation before they were deleted left behind.
      await store.revokeTenant(t.id);
      const what = "its stored provider credentials and pending OAuth sign-ins deleted";
      out(t.revokedAt === null ? `revoked tenant ${t.id} and all its API keys; ${what}` : `tenant ${t.id} was already revoked; ${what}`);
      return 0;
    }
    case "rotate": {
      const t = await activeTenant(args[0]);
      if (!t) return 1;
      // New key first: a failure half-way leaves the tenant with a working key, never with none.
      const fresh = await issueKey(t.id);
      for (const k of await store.listApiKeys(t.id)) {
        if (k.revokedAt === null && k.keyId !== fresh.keyId) await store.revokeApiKey(k.keyId);
      }
      out(`revoked the previous API keys of tenant ${t.id}`);
      printKey(fresh.key);
      return 0;
    }
    case "rekey": {
      if (args.length > 0) break;
      return rekey(store, out);
    }
  }
  out(USAGE);
  return 2;
}

/**
 * Reseals every stored connection (revoked tenants' too: their tokens are secrets all the same)
 * with the current key. Each under the lock a token refresh takes, so the rekey and a refresh
 * on a running server take turns; the store's reseal is itself atomic against any other write.
 * Prints counts and, per connection it could not read, the tenant id and provider (no value);
 * exit code 1 when any was unreadable or busy, so a script does not drop the previous keys.
 */
async function rekey(store: Store, out: (line: string) => void): Promise<number> {
  let resealed = 0;
  let current = 0;
  const unreadable: string[] = [];
  const busy: string[] = [];
  for (const t of await store.listTenants()) {
    for (const provider of PROVIDERS) {
      const which = `tenant ${t.id} ${provider}`;
      try {
        const outcome = await store.withLock(refreshLockName(t.id, provider), LOCK, () => store.resealConnection(t.id, provider));
        if (outcome === "resealed") resealed++;
        else if (outcome === "current") current++;
      } catch (err) {
        if (err instanceof DecryptionError) {
          const why = err.keyId ? `sealed with key id ${err.keyId}, which is not configured` : "no configured key opens it";
          out(`unreadable: ${which} (${why})`);
          unreadable.push(which);
        } else if (err instanceof LockTimeoutError) {
          out(`busy: ${which} (its token refresh lock stayed taken; run rekey again)`);
          busy.push(which);
        } else throw err;
      }
    }
    // The webhook endpoint token (docs/decisions/026-supership-webhooks.md): compare-and-set in the store, no lock needed.
    try {
      const outcome = await store.resealWebhookToken(t.id);
      if (outcome === "resealed") resealed++;
      else if (outcome === "current") current++;
    } catch (err) {
      if (!(err instanceof DecryptionError)) throw err;
      const which = `tenant ${t.id} supership webhook token`;
      out(`unreadable: ${which} (register the webhook again after the rotation: it gets a new URL)`);
      unreadable.push(which);
    }
  }
  out(`re-encrypted ${resealed}, already current ${current}, unreadable ${unreadable.length}${busy.length ? `, busy ${busy.length}` : ""}`);
  if (unreadable.length > 0) {
    out("error: keep ENCRYPTION_KEY_PREVIOUS until every connection is readable: add the key that sealed them, or reconnect those tenants");
  }
  return unreadable.length > 0 || busy.length > 0 ? 1 : 0;
}

/** Status only; a connection sealed with another key is reported, not fatal to the listing. */
async function connectionStatus(store: Store, tenantId: string, provider: ProviderName): Promise<string> {
  try {
    return (await store.getConnection(tenantId, provider))?.status ?? "none";
  } catch (err) {
    if (err instanceof DecryptionError) return "unreadable (sealed with a key not in ENCRYPTION_KEY or ENCRYPTION_KEY_PREVIOUS?)";
    throw err;
  }
}

async function main(): Promise<void> {
  loadDotEnv();
  // The CLI manages tenants only: the production deployment checks (PUBLIC_URL, provider app
  // credentials) are the server's; the store and its key are what it needs.
  const parsed = loadConfig(process.env);
  const config = isDemoMode(parsed) ? parsed : loadConfig(process.env, { require: ["ENCRYPTION_KEY"] });
  const cipher = createCipher({ current: config.ENCRYPTION_KEY ?? loadOrCreateKeyFile(config.DATA_DIR), previous: config.ENCRYPTION_KEY_PREVIOUS });
  const store = createStore(config, cipher);
  try {
    process.exitCode = await runTenantCli(process.argv.slice(2), { store, out: (line) => console.log(line) });
  } finally {
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runEntry(main);
