import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { type Cipher, connectionNeedsRekey, openConnection, type SealedConnection, sealConnection } from "./crypto.js";
import { ensurePrivateFile, tightenIfPresent } from "./data-dir.js";
import {
  type ApiKeyRecord,
  type CachedDelivery,
  type DeliveryEventRecord,
  type IdempotencyBegin,
  type IdempotencyBeginOptions,
  type OAuthStateRecord,
  type ResealOutcome,
  runWithLock,
  type Store,
  type Tenant,
} from "./types.js";

/**
 * The embedded store: one SQLite file, usable by several processes on one machine (WAL mode,
 * busy_timeout, and BEGIN IMMEDIATE wherever a read decides a write).
 */

/** Append-only: a shipped migration is never edited, a change is a new entry. */
const MIGRATIONS: string[] = [
  `CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);
   CREATE TABLE api_keys (key_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, hash TEXT NOT NULL,
     created_at INTEGER NOT NULL, revoked_at INTEGER);
   CREATE INDEX api_keys_tenant ON api_keys (tenant_id);
   CREATE TABLE connections (tenant_id TEXT NOT NULL, provider TEXT NOT NULL, method TEXT NOT NULL,
     access_token TEXT NOT NULL, refresh_token TEXT, expires_at INTEGER, refresh_expires_at INTEGER,
     scope TEXT, account_id TEXT, secrets TEXT, status TEXT NOT NULL, updated_at INTEGER NOT NULL,
     PRIMARY KEY (tenant_id, provider));
   CREATE TABLE oauth_states (state TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, provider TEXT NOT NULL,
     redirect_uri TEXT NOT NULL, return_to TEXT, expires_at INTEGER NOT NULL);
   CREATE TABLE idempotency (scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
     state TEXT NOT NULL, response TEXT, expires_at INTEGER NOT NULL, PRIMARY KEY (scope, key));
   CREATE INDEX idempotency_expiry ON idempotency (expires_at);
   CREATE TABLE locks (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);`,
  // Reconcilable writes (docs/decisions/021-write-reconciliation.md): the holder of an in-progress
  // record, when it becomes reconcilable (`due`: the holder's lease end, or since when the outcome
  // is unknown) and the write's natural id. A record in progress before this migration keeps its
  // old behaviour: held until it expires.
  `ALTER TABLE idempotency ADD COLUMN owner TEXT;
   ALTER TABLE idempotency ADD COLUMN due INTEGER;
   ALTER TABLE idempotency ADD COLUMN hint TEXT;
   UPDATE idempotency SET due = expires_at WHERE state = 'in_progress';
   CREATE INDEX idempotency_due ON idempotency (due) WHERE state <> 'completed';`,
  // Why a connection needs re-authorization (docs/decisions/024-drain-and-store-unavailable.md);
  // connections marked before this have none.
  "ALTER TABLE connections ADD COLUMN reauthorization_reason TEXT;",
  // Browser-bound OAuth states, single-use signed links, and revocation that deletes credentials
  // (docs/decisions/022-oauth-browser-binding.md). States stored before this carry no browser
  // hash and are refused at the callback; tenants revoked before it lose what revocation used to keep.
  `ALTER TABLE oauth_states ADD COLUMN browser_hash TEXT;
   CREATE INDEX oauth_states_tenant ON oauth_states (tenant_id);
   CREATE TABLE used_links (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
   CREATE INDEX used_links_expiry ON used_links (expires_at);
   DELETE FROM connections WHERE tenant_id IN (SELECT id FROM tenants WHERE revoked_at IS NOT NULL);
   DELETE FROM oauth_states WHERE tenant_id IN (SELECT id FROM tenants WHERE revoked_at IS NOT NULL);`,
  // Inbound SuperShip webhooks (docs/decisions/026-supership-webhooks.md): one endpoint token per
  // tenant (looked up by its hash, kept sealed so registration can send the same URL again), and
  // the events received, deduplicated per tenant.
  `CREATE TABLE webhook_tokens (tenant_id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, sealed_token TEXT NOT NULL, created_at INTEGER NOT NULL);
   CREATE TABLE delivery_events (tenant_id TEXT NOT NULL, dedupe_key TEXT NOT NULL, code TEXT NOT NULL, soc TEXT, type TEXT NOT NULL,
     status TEXT NOT NULL, status_name TEXT NOT NULL, weight_grams INTEGER, shipment_fee INTEGER, insurance_fee INTEGER,
     reason_code TEXT, reason_text TEXT, pushed_at TEXT, received_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
     PRIMARY KEY (tenant_id, dedupe_key));
   CREATE INDEX delivery_events_code ON delivery_events (tenant_id, code);
   CREATE INDEX delivery_events_expiry ON delivery_events (expires_at);`,
  // The delivery cache (docs/decisions/028-delivery-cache.md): entries by code with their soc,
  // what by-soc lookups answered (null code: none), and since when a tenant's changes are pushed.
  `CREATE TABLE delivery_cache (tenant_id TEXT NOT NULL, code TEXT NOT NULL, soc TEXT, data TEXT NOT NULL,
     as_of INTEGER NOT NULL, created_at INTEGER NOT NULL, stored_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
     PRIMARY KEY (tenant_id, code));
   CREATE INDEX delivery_cache_soc ON delivery_cache (tenant_id, soc, created_at);
   CREATE INDEX delivery_cache_created ON delivery_cache (tenant_id, created_at);
   CREATE INDEX delivery_cache_expiry ON delivery_cache (expires_at);
   CREATE TABLE delivery_cache_socs (tenant_id TEXT NOT NULL, soc TEXT NOT NULL, code TEXT,
     stored_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (tenant_id, soc));
   CREATE INDEX delivery_cache_socs_expiry ON delivery_cache_socs (expires_at);
   CREATE TABLE delivery_push (tenant_id TEXT PRIMARY KEY, since INTEGER NOT NULL);`,
];

function migrate(db: Database.Database, now: () => number): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  // IMMEDIATE: two processes starting on one file must not both apply a migration.
  db.transaction(() => {
    const row = db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null };
    MIGRATIONS.forEach((sql, i) => {
      if (i + 1 <= (row.v ?? 0)) return;
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(i + 1, now());
    });
  }).immediate();
}

type Row = Record<string, unknown>;
const tenant = (r: Row): Tenant => ({ id: r.id as string, name: r.name as string, createdAt: r.created_at as number, revokedAt: r.revoked_at as number | null });
const apiKey = (r: Row): ApiKeyRecord => ({
  keyId: r.key_id as string,
  tenantId: r.tenant_id as string,
  hash: r.hash as string,
  createdAt: r.created_at as number,
  revokedAt: r.revoked_at as number | null,
});
const cachedDelivery = (r: Row): CachedDelivery => ({
  tenantId: r.tenant_id as string,
  code: r.code as string,
  soc: r.soc as string | null,
  data: r.data as string,
  asOf: r.as_of as number,
  createdAt: r.created_at as number,
  storedAt: r.stored_at as number,
});
const sealedConnection = (r: Row): SealedConnection => ({
  tenantId: r.tenant_id as string,
  provider: r.provider as SealedConnection["provider"],
  method: r.method as SealedConnection["method"],
  accessToken: r.access_token as string,
  refreshToken: r.refresh_token as string | null,
  expiresAt: r.expires_at as number | null,
  refreshExpiresAt: r.refresh_expires_at as number | null,
  scope: r.scope as string | null,
  accountId: r.account_id as string | null,
  secrets: r.secrets as string | null,
  status: r.status as SealedConnection["status"],
  updatedAt: r.updated_at as number,
  // Present only when set, as a connection put without one reads back (Redis keeps the JSON as given).
  ...(r.reauthorization_reason ? { reauthorizationReason: r.reauthorization_reason as SealedConnection["reauthorizationReason"] } : {}),
});

const deliveryEvent = (r: Row): DeliveryEventRecord => ({
  tenantId: r.tenant_id as string,
  code: r.code as string,
  soc: r.soc as string | null,
  type: r.type as DeliveryEventRecord["type"],
  status: r.status as string,
  statusName: r.status_name as string,
  weightGrams: r.weight_grams as number | null,
  shipmentFee: r.shipment_fee as number | null,
  insuranceFee: r.insurance_fee as number | null,
  reasonCode: r.reason_code as string | null,
  reasonText: r.reason_text as string | null,
  pushedAt: r.pushed_at as string | null,
  receivedAt: r.received_at as number,
});

export function createSqliteStore(opts: { file: string; cipher: Cipher; now?: () => number }): Store {
  const { cipher, now = Date.now } = opts;
  // A file on disk is this user's only (0600), and so are the -wal and -shm files SQLite makes from its mode.
  const onDisk = opts.file !== ":memory:" && opts.file !== "";
  if (onDisk) ensurePrivateFile(opts.file);
  const db = new Database(opts.file);
  db.pragma("journal_mode = WAL");
  if (onDisk) tightenIfPresent(`${opts.file}-wal`, `${opts.file}-shm`);
  db.pragma("busy_timeout = 5000");
  // Deleted rows (a revoked tenant's or a replaced connection's sealed tokens) are overwritten
  // with zeros, not left in free pages of the file.
  db.pragma("secure_delete = ON");
  migrate(db, now);
  const stmts = new Map<string, Database.Statement>();
  const q = (sql: string): Database.Statement => {
    let st = stmts.get(sql);
    if (!st) stmts.set(sql, (st = db.prepare(sql)));
    return st;
  };

  /** Unknown, or in progress past its holder's lease: reconcilable (since `due`). */
  const reconcilable = (r: Row, t: number) => r.state === "unknown" || (r.state === "in_progress" && (r.due as number) <= t);

  const beginIdempotent = db.transaction((scope: string, key: string, fp: string, o: IdempotencyBeginOptions): IdempotencyBegin => {
    const t = now();
    q("DELETE FROM idempotency WHERE expires_at <= ?").run(t);
    const row = q("SELECT fingerprint, state, response, due, hint FROM idempotency WHERE scope = ? AND key = ?").get(scope, key) as Row | undefined;
    if (row) {
      if (row.fingerprint !== fp) return { outcome: "mismatch" };
      if (row.state === "completed") return { outcome: "completed", response: row.response as string };
      return reconcilable(row, t) ? { outcome: "unknown", since: row.due as number, hint: (row.hint as string | null) ?? null } : { outcome: "in_progress" };
    }
    const owner = randomUUID();
    q("INSERT INTO idempotency (scope, key, fingerprint, state, expires_at, owner, due, hint) VALUES (?, ?, ?, 'in_progress', ?, ?, ?, ?)").run(
      scope,
      key,
      fp,
      t + o.ttlMs,
      owner,
      t + o.leaseMs,
      o.hint ?? null,
    );
    return { outcome: "started", owner };
  });

  const takeOver = db.transaction((scope: string, key: string, leaseMs: number, fp: string | undefined) => {
    const t = now();
    const row = q("SELECT fingerprint, state, due, hint FROM idempotency WHERE scope = ? AND key = ? AND expires_at > ?").get(scope, key, t) as Row | undefined;
    if (!row || (fp !== undefined && row.fingerprint !== fp) || !reconcilable(row, t)) return null;
    const owner = randomUUID();
    q("UPDATE idempotency SET state = 'in_progress', owner = ?, due = ? WHERE scope = ? AND key = ?").run(owner, t + leaseMs, scope, key);
    return { owner, since: row.due as number, hint: (row.hint as string | null) ?? null };
  });

  // Read, decrypt, encrypt and write in one IMMEDIATE transaction: no other writer, in this
  // process or another, can land between the read and the write. A DecryptionError rolls back.
  const reseal = db.transaction((tenantId: string, provider: string): ResealOutcome => {
    const r = q("SELECT * FROM connections WHERE tenant_id = ? AND provider = ?").get(tenantId, provider) as Row | undefined;
    if (!r) return "missing";
    const sealed = sealedConnection(r);
    if (!connectionNeedsRekey(sealed, cipher)) return "current";
    const s = sealConnection(openConnection(sealed, cipher), cipher);
    q("UPDATE connections SET access_token = ?, refresh_token = ?, secrets = ? WHERE tenant_id = ? AND provider = ?").run(
      s.accessToken,
      s.refreshToken,
      s.secrets,
      tenantId,
      provider,
    );
    return "resealed";
  });

  const resealHook = db.transaction((tenantId: string): ResealOutcome => {
    const r = q("SELECT sealed_token FROM webhook_tokens WHERE tenant_id = ?").get(tenantId) as Row | undefined;
    if (!r) return "missing";
    const sealed = r.sealed_token as string;
    if (!cipher.needsRekey(sealed)) return "current";
    q("UPDATE webhook_tokens SET sealed_token = ? WHERE tenant_id = ?").run(cipher.encrypt(cipher.decrypt(sealed)), tenantId);
    return "resealed";
  });

  const tryAcquire = db.transaction((name: string, owner: string, ttlMs: number): boolean => {
    const t = now();
    const held = q("SELECT 1 FROM locks WHERE name = ? AND expires_at > ?").get(name, t);
    if (held) return false;
    q("INSERT INTO locks (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at").run(
      name,
      owner,
      t + ttlMs,
    );
    return true;
  });

  return {
    kind: "sqlite",
    async ping() {
      q("SELECT 1").get();
    },
    async close() {
      if (db.open) db.close();
    },

    async createTenant(name) {
      const t: Tenant = { id: randomUUID(), name, createdAt: now(), revokedAt: null };
      q("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)").run(t.id, t.name, t.createdAt);
      return t;
    },
    async getTenant(id) {
      const r = q("SELECT * FROM tenants WHERE id = ?").get(id) as Row | undefined;
      return r ? tenant(r) : null;
    },
    async listTenants() {
      return (q("SELECT * FROM tenants ORDER BY created_at, id").all() as Row[]).map(tenant);
    },
    async revokeTenant(id) {
      db.transaction(() => {
        const t = now();
        q("UPDATE tenants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(t, id);
        q("UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND revoked_at IS NULL").run(t, id);
        q("DELETE FROM connections WHERE tenant_id = ?").run(id);
        q("DELETE FROM oauth_states WHERE tenant_id = ?").run(id);
        q("DELETE FROM webhook_tokens WHERE tenant_id = ?").run(id);
        q("DELETE FROM delivery_events WHERE tenant_id = ?").run(id);
        q("DELETE FROM delivery_cache WHERE tenant_id = ?").run(id);
        q("DELETE FROM delivery_cache_socs WHERE tenant_id = ?").run(id);
        q("DELETE FROM delivery_push WHERE tenant_id = ?").run(id);
      }).immediate();
      // The deleted pages are zeroed in the main file, but the WAL still holds the frames that
      // wrote them; checkpointing and truncating it removes those too. Best effort: a reader in
      // another process can keep part of the WAL until the next checkpoint.
      db.pragma("wal_checkpoint(TRUNCATE)");
    },

    async putApiKey(rec) {
      const r: ApiKeyRecord = { ...rec, createdAt: now(), revokedAt: null };
      q("INSERT INTO api_keys (key_id, tenant_id, hash, created_at) VALUES (?, ?, ?, ?)").run(r.keyId, r.tenantId, r.hash, r.createdAt);
      return r;
    },
    async getApiKey(keyId) {
      const r = q("SELECT * FROM api_keys WHERE key_id = ?").get(keyId) as Row | undefined;
      return r ? apiKey(r) : null;
    },
    async listApiKeys(tenantId) {
      return (q("SELECT * FROM api_keys WHERE tenant_id = ? ORDER BY created_at, key_id").all(tenantId) as Row[]).map(apiKey);
    },
    async revokeApiKey(keyId) {
      q("UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL").run(now(), keyId);
    },

    async getConnection(tenantId, provider) {
      const r = q("SELECT * FROM connections WHERE tenant_id = ? AND provider = ?").get(tenantId, provider) as Row | undefined;
      return r ? openConnection(sealedConnection(r), cipher) : null;
    },
    async putConnection(conn) {
      const s = sealConnection(conn, cipher);
      q(`INSERT OR REPLACE INTO connections (tenant_id, provider, method, access_token, refresh_token, expires_at,
           refresh_expires_at, scope, account_id, secrets, status, reauthorization_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        s.tenantId,
        s.provider,
        s.method,
        s.accessToken,
        s.refreshToken,
        s.expiresAt,
        s.refreshExpiresAt,
        s.scope,
        s.accountId,
        s.secrets,
        s.status,
        s.reauthorizationReason ?? null,
        s.updatedAt,
      );
    },
    async deleteConnection(tenantId, provider) {
      q("DELETE FROM connections WHERE tenant_id = ? AND provider = ?").run(tenantId, provider);
    },
    async resealConnection(tenantId, provider) {
      return reseal.immediate(tenantId, provider);
    },

    async putOAuthState(rec) {
      q("DELETE FROM oauth_states WHERE expires_at <= ?").run(now());
      q("INSERT INTO oauth_states (state, tenant_id, provider, redirect_uri, return_to, expires_at, browser_hash) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
        rec.state,
        rec.tenantId,
        rec.provider,
        rec.redirectUri,
        rec.returnTo,
        rec.expiresAt,
        rec.browserHash,
      );
    },
    async consumeOAuthState(state) {
      // DELETE … RETURNING makes "at most once" a single statement, even across processes.
      const r = q("DELETE FROM oauth_states WHERE state = ? RETURNING *").get(state) as Row | undefined;
      if (!r || (r.expires_at as number) <= now()) return null;
      return {
        state,
        tenantId: r.tenant_id as string,
        provider: r.provider as OAuthStateRecord["provider"],
        redirectUri: r.redirect_uri as string,
        returnTo: r.return_to as string | null,
        expiresAt: r.expires_at as number,
        browserHash: r.browser_hash as string | null,
      };
    },
    async claimLink(linkId, expiresAt) {
      q("DELETE FROM used_links WHERE expires_at <= ?").run(now());
      // The primary key makes the first insert the only one that changes a row, across processes.
      return q("INSERT INTO used_links (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING").run(linkId, expiresAt).changes === 1;
    },

    async putWebhookToken(rec) {
      // One statement: the tenant's row (and with it the old hash) is replaced, never doubled.
      q(`INSERT INTO webhook_tokens (tenant_id, token_hash, sealed_token, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (tenant_id) DO UPDATE SET token_hash = excluded.token_hash, sealed_token = excluded.sealed_token, created_at = excluded.created_at`).run(
        rec.tenantId,
        rec.hash,
        cipher.encrypt(rec.token),
        now(),
      );
    },
    async getWebhookToken(tenantId) {
      const r = q("SELECT * FROM webhook_tokens WHERE tenant_id = ?").get(tenantId) as Row | undefined;
      return r ? { tenantId, hash: r.token_hash as string, token: cipher.decrypt(r.sealed_token as string), createdAt: r.created_at as number } : null;
    },
    async resealWebhookToken(tenantId) {
      return resealHook.immediate(tenantId);
    },
    async findWebhookTenant(hash) {
      const r = q("SELECT tenant_id FROM webhook_tokens WHERE token_hash = ?").get(hash) as Row | undefined;
      return r ? (r.tenant_id as string) : null;
    },
    async deleteWebhookToken(tenantId) {
      q("DELETE FROM webhook_tokens WHERE tenant_id = ?").run(tenantId);
    },
    async addDeliveryEvent(e, { dedupeKey, retainMs }) {
      q("DELETE FROM delivery_events WHERE expires_at <= ?").run(now());
      // The primary key (tenant, dedupe key) makes the first insert the only one, across processes.
      const sql = `INSERT INTO delivery_events (tenant_id, dedupe_key, code, soc, type, status, status_name, weight_grams, shipment_fee,
        insurance_fee, reason_code, reason_text, pushed_at, received_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (tenant_id, dedupe_key) DO NOTHING`;
      const args = [e.tenantId, dedupeKey, e.code, e.soc, e.type, e.status, e.statusName, e.weightGrams, e.shipmentFee, e.insuranceFee];
      return q(sql).run(...args, e.reasonCode, e.reasonText, e.pushedAt, e.receivedAt, e.receivedAt + retainMs).changes === 1;
    },
    async listDeliveryEvents(tenantId, code) {
      const rows = q("SELECT * FROM delivery_events WHERE tenant_id = ? AND code = ? AND expires_at > ? ORDER BY received_at, rowid").all(tenantId, code, now()) as Row[];
      return rows.map(deliveryEvent);
    },

    async beginIdempotent(scope, key, fp, o) {
      return beginIdempotent.immediate(scope, key, fp, o);
    },
    async takeOverIdempotent(scope, key, o) {
      return takeOver.immediate(scope, key, o.leaseMs, o.fingerprint);
    },
    // Each of these acts only for the current holder: a holder whose lease lapsed and was taken
    // over can no longer complete, free or give up the record its successor holds.
    async completeIdempotent(scope, key, owner, response) {
      const held = "scope = ? AND key = ? AND state = 'in_progress' AND owner = ?";
      return q(`UPDATE idempotency SET state = 'completed', response = ?, owner = NULL, due = NULL WHERE ${held}`).run(response, scope, key, owner).changes === 1;
    },
    async abandonIdempotent(scope, key, owner) {
      return q("DELETE FROM idempotency WHERE scope = ? AND key = ? AND state = 'in_progress' AND owner = ?").run(scope, key, owner).changes === 1;
    },
    async markIdempotentUnknown(scope, key, owner, { since, hint }) {
      const held = "scope = ? AND key = ? AND state = 'in_progress' AND owner = ?";
      return q(`UPDATE idempotency SET state = 'unknown', owner = NULL, due = ?, hint = COALESCE(?, hint) WHERE ${held}`).run(since, hint, scope, key, owner).changes === 1;
    },
    async listUnknownIdempotent({ settledBefore, limit }) {
      const rows = q("SELECT scope, key, due, hint FROM idempotency WHERE state <> 'completed' AND due <= ? AND expires_at > ? AND hint IS NOT NULL ORDER BY due LIMIT ?").all(
        settledBefore,
        now(),
        limit,
      ) as Row[];
      return rows.map((r) => ({ scope: r.scope as string, key: r.key as string, since: r.due as number, hint: r.hint as string }));
    },

    async putCachedDelivery(e, retainMs) {
      const t = now();
      q("DELETE FROM delivery_cache WHERE expires_at <= ?").run(t);
      // The WHERE of the upsert is the compare: one statement, so atomic across processes.
      const put = q(`INSERT INTO delivery_cache (tenant_id, code, soc, data, as_of, created_at, stored_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (tenant_id, code) DO UPDATE SET soc = excluded.soc, data = excluded.data, as_of = excluded.as_of,
          created_at = excluded.created_at, stored_at = excluded.stored_at, expires_at = excluded.expires_at
        WHERE excluded.as_of >= delivery_cache.as_of`);
      return put.run(e.tenantId, e.code, e.soc, e.data, e.asOf, e.createdAt, e.storedAt, t + retainMs).changes === 1;
    },
    async getCachedDeliveries(tenantId, codes) {
      const rows = q("SELECT * FROM delivery_cache WHERE tenant_id = ? AND code IN (SELECT value FROM json_each(?)) AND expires_at > ?").all(
        tenantId,
        JSON.stringify(codes),
        now(),
      ) as Row[];
      const byCode = new Map(rows.map((r) => [r.code as string, cachedDelivery(r)]));
      return codes.map((c) => byCode.get(c) ?? null);
    },
    async listCachedDeliveries(tenantId, { soc, limit }) {
      const bySoc = soc === undefined ? "" : "AND soc = ?";
      const rows = q(`SELECT * FROM delivery_cache WHERE tenant_id = ? ${bySoc} AND expires_at > ? ORDER BY created_at DESC, code DESC LIMIT ?`).all(
        ...(soc === undefined ? [tenantId] : [tenantId, soc]),
        now(),
        limit,
      ) as Row[];
      return rows.map(cachedDelivery);
    },
    async putCachedDeliverySoc(tenantId, soc, rec, retainMs) {
      const t = now();
      q("DELETE FROM delivery_cache_socs WHERE expires_at <= ?").run(t);
      q("INSERT OR REPLACE INTO delivery_cache_socs (tenant_id, soc, code, stored_at, expires_at) VALUES (?, ?, ?, ?, ?)").run(
        tenantId,
        soc,
        rec.code,
        rec.storedAt,
        t + retainMs,
      );
    },
    async getCachedDeliverySocs(tenantId, socs) {
      const rows = q("SELECT soc, code, stored_at FROM delivery_cache_socs WHERE tenant_id = ? AND soc IN (SELECT value FROM json_each(?)) AND expires_at > ?").all(
        tenantId,
        JSON.stringify(socs),
        now(),
      ) as Row[];
      const bySoc = new Map(rows.map((r) => [r.soc as string, { code: r.code as string | null, storedAt: r.stored_at as number }]));
      return socs.map((s) => bySoc.get(s) ?? null);
    },
    async deleteCachedDeliverySoc(tenantId, soc) {
      q("DELETE FROM delivery_cache_socs WHERE tenant_id = ? AND soc = ?").run(tenantId, soc);
    },
    async setDeliveryPushSince(tenantId, since) {
      if (since === null) q("DELETE FROM delivery_push WHERE tenant_id = ?").run(tenantId);
      else q("INSERT OR REPLACE INTO delivery_push (tenant_id, since) VALUES (?, ?)").run(tenantId, since);
    },
    async getDeliveryPushSince(tenantId) {
      const r = q("SELECT since FROM delivery_push WHERE tenant_id = ?").get(tenantId) as Row | undefined;
      return r ? (r.since as number) : null;
    },

    withLock(name, lockOpts, fn) {
      return runWithLock(
        {
          async tryAcquire(n, owner, ttlMs) {
            return tryAcquire.immediate(n, owner, ttlMs);
          },
          async release(n, owner) {
            q("DELETE FROM locks WHERE name = ? AND owner = ?").run(n, owner);
          },
        },
        name,
        lockOpts,
        fn,
      );
    },
  };
}
