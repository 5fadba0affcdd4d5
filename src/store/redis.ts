import { randomUUID } from "node:crypto";
import { Redis, type RedisOptions, ReplyError } from "ioredis";
import { StoreUnavailableError } from "../domain/errors.js";
import { type Cipher, connectionNeedsRekey, openConnection, type SealedConnection, sealConnection } from "./crypto.js";
import {
  type ApiKeyRecord,
  type CachedDelivery,
  type DeliveryEventRecord,
  type IdempotencyBegin,
  type OAuthStateRecord,
  type ProviderName,
  runWithLock,
  type Store,
  type Tenant,
} from "./types.js";

/**
 * The shared store for several replicas. Every read-decides-write step is one Lua script, so it
 * is atomic without WATCH retries. Scripts touch keys they derive from the prefix, so this targets
 * a single Redis (or a primary with replicas), not Redis Cluster.
 */

const REVOKE_KEY = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSETNX', KEYS[1], 'revokedAt', ARGV[1]) end`;

// KEYS: the tenant, its API key ids, its pending OAuth states, its webhook token, its index of
// webhook event keys, then its connections. ARGV: the time, the prefix of API key records, the
// prefix of webhook token hashes. Revokes the tenant and its keys, and deletes its connections
// (sealed tokens, passwords), pending states, webhook token and events outright.
const REVOKE_TENANT = `
local t = ARGV[1]
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSETNX', KEYS[1], 'revokedAt', t) end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local k = ARGV[2] .. id
  if redis.call('EXISTS', k) == 1 then redis.call('HSETNX', k, 'revokedAt', t) end
end
for _, k in ipairs(redis.call('SMEMBERS', KEYS[3])) do redis.call('DEL', k) end
local hook = redis.call('GET', KEYS[4])
if hook then redis.call('DEL', ARGV[3] .. cjson.decode(hook).hash) end
for _, k in ipairs(redis.call('SMEMBERS', KEYS[5])) do redis.call('DEL', k) end
for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end`;

// KEYS: the tenant's webhook token record, then (when putting) the new hash's key. ARGV: the
// prefix of hash keys, then the record and the tenant id. The old hash stops finding the tenant
// in the same step as the new one starts to.
const PUT_WEBHOOK_TOKEN = `
local old = redis.call('GET', KEYS[1])
if old then redis.call('DEL', ARGV[1] .. cjson.decode(old).hash) end
if #KEYS == 1 then redis.call('DEL', KEYS[1]) return 1 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
return 1`;

// KEYS: the delivery's dedupe keys, its events, the tenant's index of both. ARGV: the dedupe
// key, the event (JSON), how long to keep it. PEXPIRE only reclaims memory; expiry is judged by
// the caller's clock on read (expiresAt in the event), as in SQLite.
const ADD_DELIVERY_EVENT = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('SADD', KEYS[3], KEYS[1], KEYS[2])
for i = 1, 3 do
  if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
return 1`;

// KEYS: the state, the tenant's index of pending states. ARGV: the record, its ttl. The index
// lives as long as its longest-lived state (a new index has no ttl: PTTL -1).
const PUT_OAUTH_STATE = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], KEYS[1])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end`;

// Idempotency records are hashes: fp, state (in_progress | unknown | completed), response, exp,
// owner (the holder of an in-progress record), due (when it becomes reconcilable: the holder's
// lease end, or since when the outcome is unknown), hint (the write's natural id), scope and key.
// The sorted set KEYS[2] indexes unfinished records by due, for the sweep. Expiry is judged by
// the caller's clock (exp) so tests with an injected clock see the same behaviour as SQLite;
// PEXPIRE only reclaims memory. A record without `due` (written before reconciliation existed)
// is held until it expires, as it was then.
const BEGIN_IDEMPOTENT = `
local v = redis.call('HMGET', KEYS[1], 'fp', 'state', 'response', 'exp', 'due', 'hint')
local t = tonumber(ARGV[2])
if v[1] and tonumber(v[4]) > t then
  if v[1] ~= ARGV[1] then return {'mismatch'} end
  if v[2] == 'completed' then return {'completed', v[3]} end
  local due = v[5] or v[4]
  if v[2] == 'unknown' or tonumber(due) <= t then return {'unknown', due, v[6] or ''} end
  return {'in_progress'}
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'state', 'in_progress', 'exp', ARGV[3], 'owner', ARGV[5], 'due', ARGV[6], 'scope', ARGV[8], 'key', ARGV[9])
if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'hint', ARGV[7]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[6], KEYS[1])
return {'started'}`;

const TAKE_OVER_IDEMPOTENT = `
local v = redis.call('HMGET', KEYS[1], 'fp', 'state', 'exp', 'due', 'hint')
local t = tonumber(ARGV[1])
if not v[1] or tonumber(v[3]) <= t then return false end
if ARGV[4] ~= '' and v[1] ~= ARGV[4] then return false end
local due = v[4] or v[3]
if not (v[2] == 'unknown' or (v[2] == 'in_progress' and tonumber(due) <= t)) then return false end
redis.call('HSET', KEYS[1], 'state', 'in_progress', 'owner', ARGV[2], 'due', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1])
return {due, v[5] or ''}`;

// The holder checks below: a holder whose lease lapsed and was taken over can no longer
// complete, free or give up the record its successor holds.
const HELD = `
local v = redis.call('HMGET', KEYS[1], 'state', 'owner')
if v[1] ~= 'in_progress' or v[2] ~= ARGV[1] then return 0 end`;

const COMPLETE_IDEMPOTENT = `${HELD}
redis.call('HSET', KEYS[1], 'state', 'completed', 'response', ARGV[2])
redis.call('HDEL', KEYS[1], 'owner', 'due')
redis.call('ZREM', KEYS[2], KEYS[1])
return 1`;

const ABANDON_IDEMPOTENT = `${HELD}
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], KEYS[1])
return 1`;

const MARK_IDEMPOTENT_UNKNOWN = `${HELD}
redis.call('HSET', KEYS[1], 'state', 'unknown', 'due', ARGV[2])
redis.call('HDEL', KEYS[1], 'owner')
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'hint', ARGV[3]) end
redis.call('ZADD', KEYS[2], ARGV[2], KEYS[1])
return 1`;

// Walks the index from the oldest due, dropping entries whose record expired or completed, and
// returns those with a hint (a record without one cannot be looked up).
const LIST_UNKNOWN_IDEMPOTENT = `
local out, kept, limit, t = {}, 0, tonumber(ARGV[3]), tonumber(ARGV[2])
while #out < limit do
  local batch = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', kept, limit)
  if #batch == 0 then break end
  for _, k in ipairs(batch) do
    local v = redis.call('HMGET', k, 'state', 'exp', 'due', 'hint', 'scope', 'key')
    if not v[1] or v[1] == 'completed' or not v[3] or tonumber(v[2]) <= t then
      redis.call('ZREM', KEYS[1], k)
    else
      kept = kept + 1
      if v[4] and #out < limit then out[#out + 1] = {v[5], v[6], v[3], v[4]} end
    end
  end
end
return out`;

// Compare-and-set: the resealed connection replaces only the exact value it was made from.
const RESEAL = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end
return 0`;

/** How often resealConnection reads again when the connection changed under it before giving up. */
const RESEAL_ATTEMPTS = 10;

const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end`;

// The delivery cache (docs/decisions/028-delivery-cache.md). An entry is a hash; the tenant's
// index KEYS[2] and the soc's index KEYS[3] are sorted sets of entry keys by createdAt. Expiry
// is judged by the caller's clock (exp), PEXPIRE only reclaims memory, as for idempotency.
// KEYS: entry, tenant index, soc index. ARGV: code, soc ('' for none), data, asOf, createdAt,
// storedAt, exp, now, retainMs. Refused (0) when the live stored entry has a later asOf.
const PUT_CACHED_DELIVERY = `
local cur = redis.call('HMGET', KEYS[1], 'asOf', 'exp', 'socIndex')
if cur[1] and tonumber(cur[2]) > tonumber(ARGV[8]) and tonumber(cur[1]) > tonumber(ARGV[4]) then return 0 end
if cur[3] and cur[3] ~= KEYS[3] then redis.call('ZREM', cur[3], KEYS[1]) end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'code', ARGV[1], 'data', ARGV[3], 'asOf', ARGV[4], 'createdAt', ARGV[5], 'storedAt', ARGV[6], 'exp', ARGV[7])
redis.call('PEXPIRE', KEYS[1], ARGV[9])
local function index(key)
  redis.call('ZADD', key, ARGV[5], KEYS[1])
  if redis.call('PTTL', key) < tonumber(ARGV[9]) then redis.call('PEXPIRE', key, ARGV[9]) end
end
index(KEYS[2])
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[1], 'soc', ARGV[2], 'socIndex', KEYS[3])
  index(KEYS[3])
end
return 1`;

// KEYS: the tenant's entry index, its soc-record index, its push flag. Deletes every entry, soc
// index and soc record of the tenant (revocation).
const REVOKE_DELIVERY_CACHE = `
for _, k in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local socIndex = redis.call('HGET', k, 'socIndex')
  if socIndex then redis.call('DEL', socIndex) end
  redis.call('DEL', k)
end
for _, k in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', k) end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])`;

/**
 * The client the store opens itself. While Redis is unreachable a command fails at the next
 * failed reconnect instead of waiting in the offline queue (maxRetriesPerRequest 0; commands
 * sent before the first connect still wait for it), and reconnects run at least once a second,
 * so the store is back within about a second of Redis, with no restart. docs/decisions/024-drain-and-store-unavailable.md
 */
export const REDIS_CLIENT_OPTIONS: RedisOptions = {
  maxRetriesPerRequest: 0,
  retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  connectTimeout: 2_000,
};

export type RedisStoreOptions = ({ url: string } | { client: Redis }) & { cipher: Cipher; prefix?: string; now?: () => number };

/** Every provider a tenant can hold a connection to (a new ProviderName fails to compile here until added). */
const PROVIDERS = Object.keys({ hypersku: 1, supership: 1 } satisfies Record<ProviderName, 1>);

const num = (v: string | undefined): number | null => (v === undefined ? null : Number(v));

export function createRedisStore(opts: RedisStoreOptions): Store {
  const { cipher, prefix = "fg:", now = Date.now } = opts;
  // A client passed in belongs to the caller, who closes it.
  const owned = !("client" in opts);
  const redis = "client" in opts ? opts.client : new Redis(opts.url, REDIS_CLIENT_OPTIONS);
  // Reconnect failures are ioredis 'error' events; unheard, it prints each one. The outage shows
  // as STORE_UNAVAILABLE answers and /readyz 503 instead.
  if (owned) redis.on("error", () => {});
  // A command that failed because Redis is out of reach (no reply, and the client not ready) is
  // StoreUnavailableError; an error reply from a live Redis stays what it is.
  const unreachable = (e: unknown) => (!(e instanceof ReplyError) && redis.status !== "ready" ? new StoreUnavailableError({ cause: e }) : e);
  let quitting: Promise<unknown> | undefined;
  const eval_ = (script: string, keys: string[], args: (string | number)[]) => redis.eval(script, keys.length, ...keys, ...args);
  // Scope, key and lock names are caller text: encoding keeps "a:b"+"c" apart from "a"+"b:c".
  const k = {
    tenant: (id: string) => `${prefix}tenant:${id}`,
    tenants: `${prefix}tenants`,
    apiKey: (id: string) => `${prefix}apikey:${id}`,
    tenantKeys: (tenantId: string) => `${prefix}tenant-keys:${tenantId}`,
    conn: (tenantId: string, provider: string) => `${prefix}conn:${tenantId}:${provider}`,
    oauth: (state: string) => `${prefix}oauth:${encodeURIComponent(state)}`,
    tenantOAuth: (tenantId: string) => `${prefix}tenant-oauth:${tenantId}`,
    link: (id: string) => `${prefix}link:${encodeURIComponent(id)}`,
    idem: (scope: string, key: string) => `${prefix}idem:${encodeURIComponent(scope)}:${encodeURIComponent(key)}`,
    idemDue: `${prefix}idem-due`,
    lock: (name: string) => `${prefix}lock:${encodeURIComponent(name)}`,
    hookHash: (hash: string) => `${prefix}hook-token:${hash}`,
    tenantHook: (tenantId: string) => `${prefix}tenant-hook:${tenantId}`,
    events: (tenantId: string, code: string) => `${prefix}devents:${tenantId}:${encodeURIComponent(code)}`,
    eventKeys: (tenantId: string, code: string) => `${prefix}devent-keys:${tenantId}:${encodeURIComponent(code)}`,
    tenantEvents: (tenantId: string) => `${prefix}tenant-devents:${tenantId}`,
    delivery: (tenantId: string, code: string) => `${prefix}dcache:${tenantId}:${encodeURIComponent(code)}`,
    deliveries: (tenantId: string) => `${prefix}dcache-all:${tenantId}`,
    deliveriesOfSoc: (tenantId: string, soc: string) => `${prefix}dcache-soc:${tenantId}:${encodeURIComponent(soc)}`,
    soc: (tenantId: string, soc: string) => `${prefix}dsoc:${tenantId}:${encodeURIComponent(soc)}`,
    socs: (tenantId: string) => `${prefix}dsoc-all:${tenantId}`,
    push: (tenantId: string) => `${prefix}dpush:${tenantId}`,
  };
  const cachedDelivery = (tenantId: string, h: Record<string, string>): CachedDelivery | null =>
    h.code === undefined || Number(h.exp) <= now()
      ? null
      : {
          tenantId,
          code: h.code,
          soc: h.soc ?? null,
          data: h.data ?? "",
          asOf: Number(h.asOf),
          createdAt: Number(h.createdAt),
          storedAt: Number(h.storedAt),
        };
  const tenant = (h: Record<string, string>): Tenant | null =>
    h.id === undefined ? null : { id: h.id, name: h.name ?? "", createdAt: Number(h.createdAt), revokedAt: num(h.revokedAt) };
  const apiKey = (h: Record<string, string>): ApiKeyRecord | null =>
    h.keyId === undefined ? null : { keyId: h.keyId, tenantId: h.tenantId ?? "", hash: h.hash ?? "", createdAt: Number(h.createdAt), revokedAt: num(h.revokedAt) };

  const store: Store = {
    kind: "redis",
    async ping() {
      await redis.ping();
    },
    async close() {
      if (owned) await (quitting ??= redis.quit());
    },

    async createTenant(name) {
      const t: Tenant = { id: randomUUID(), name, createdAt: now(), revokedAt: null };
      await redis.multi().hset(k.tenant(t.id), { id: t.id, name, createdAt: t.createdAt }).zadd(k.tenants, t.createdAt, t.id).exec();
      return t;
    },
    async getTenant(id) {
      return tenant(await redis.hgetall(k.tenant(id)));
    },
    async listTenants() {
      // ZRANGE orders by score, then member: the same (createdAt, id) order as SQLite.
      const ids = await redis.zrange(k.tenants, 0, -1);
      const rows = await Promise.all(ids.map((id) => redis.hgetall(k.tenant(id))));
      return rows.map(tenant).filter((t): t is Tenant => t !== null);
    },
    async revokeTenant(id) {
      const keys = [k.tenant(id), k.tenantKeys(id), k.tenantOAuth(id), k.tenantHook(id), k.tenantEvents(id), ...PROVIDERS.map((p) => k.conn(id, p))];
      await eval_(REVOKE_TENANT, keys, [now(), k.apiKey(""), k.hookHash("")]);
      await eval_(REVOKE_DELIVERY_CACHE, [k.deliveries(id), k.socs(id), k.push(id)], []);
    },

    async putApiKey(rec) {
      const r: ApiKeyRecord = { ...rec, createdAt: now(), revokedAt: null };
      await redis
        .multi()
        .hset(k.apiKey(r.keyId), { ...rec, createdAt: r.createdAt })
        .sadd(k.tenantKeys(r.tenantId), r.keyId)
        .exec();
      return r;
    },
    async getApiKey(keyId) {
      return apiKey(await redis.hgetall(k.apiKey(keyId)));
    },
    async listApiKeys(tenantId) {
      const ids = await redis.smembers(k.tenantKeys(tenantId));
      const rows = (await Promise.all(ids.map((id) => redis.hgetall(k.apiKey(id))))).map(apiKey);
      return rows.filter((r): r is ApiKeyRecord => r !== null).sort((a, b) => a.createdAt - b.createdAt || (a.keyId < b.keyId ? -1 : 1));
    },
    async revokeApiKey(keyId) {
      await eval_(REVOKE_KEY, [k.apiKey(keyId)], [now()]);
    },

    async getConnection(tenantId, provider) {
      const raw = await redis.get(k.conn(tenantId, provider));
      return raw === null ? null : openConnection(JSON.parse(raw) as SealedConnection, cipher);
    },
    async putConnection(conn) {
      await redis.set(k.conn(conn.tenantId, conn.provider), JSON.stringify(sealConnection(conn, cipher)));
    },
    async deleteConnection(tenantId, provider) {
      await redis.del(k.conn(tenantId, provider));
    },
    async resealConnection(tenantId, provider) {
      const key = k.conn(tenantId, provider);
      for (let attempt = 0; attempt < RESEAL_ATTEMPTS; attempt++) {
        const raw = await redis.get(key);
        if (raw === null) return "missing";
        const sealed = JSON.parse(raw) as SealedConnection;
        if (!connectionNeedsRekey(sealed, cipher)) return "current";
        const next = JSON.stringify(sealConnection(openConnection(sealed, cipher), cipher));
        if ((await eval_(RESEAL, [key], [raw, next])) === 1) return "resealed";
        // Someone wrote the connection meanwhile: what is there now is what to look at.
      }
      throw new Error(`connection ${tenantId}/${provider} kept changing while it was being resealed`);
    },

    async putOAuthState(rec) {
      await eval_(PUT_OAUTH_STATE, [k.oauth(rec.state), k.tenantOAuth(rec.tenantId)], [JSON.stringify(rec), Math.max(1, rec.expiresAt - now())]);
    },
    async consumeOAuthState(state) {
      const raw = await redis.getdel(k.oauth(state));
      if (raw === null) return null;
      const rec = JSON.parse(raw) as Partial<OAuthStateRecord> & Omit<OAuthStateRecord, "browserHash">;
      // Only tidies the index: a member whose state is gone deletes nothing at revocation.
      await redis.srem(k.tenantOAuth(rec.tenantId), k.oauth(state));
      return rec.expiresAt > now() ? { ...rec, browserHash: rec.browserHash ?? null } : null;
    },
    async claimLink(linkId, expiresAt) {
      return (await redis.set(k.link(linkId), "1", "PX", Math.max(1, expiresAt - now()), "NX")) === "OK";
    },

    async putWebhookToken(rec) {
      const sealed = JSON.stringify({ hash: rec.hash, token: cipher.encrypt(rec.token), createdAt: now() });
      await eval_(PUT_WEBHOOK_TOKEN, [k.tenantHook(rec.tenantId), k.hookHash(rec.hash)], [k.hookHash(""), sealed, rec.tenantId]);
    },
    async getWebhookToken(tenantId) {
      const raw = await redis.get(k.tenantHook(tenantId));
      if (raw === null) return null;
      const r = JSON.parse(raw) as { hash: string; token: string; createdAt: number };
      return { tenantId, hash: r.hash, token: cipher.decrypt(r.token), createdAt: r.createdAt };
    },
    async resealWebhookToken(tenantId) {
      const key = k.tenantHook(tenantId);
      for (let attempt = 0; attempt < RESEAL_ATTEMPTS; attempt++) {
        const raw = await redis.get(key);
        if (raw === null) return "missing";
        const r = JSON.parse(raw) as { token: string };
        if (!cipher.needsRekey(r.token)) return "current";
        const next = JSON.stringify({ ...r, token: cipher.encrypt(cipher.decrypt(r.token)) });
        if ((await eval_(RESEAL, [key], [raw, next])) === 1) return "resealed";
      }
      throw new Error(`webhook token of ${tenantId} kept changing while it was being resealed`);
    },
    async findWebhookTenant(hash) {
      return redis.get(k.hookHash(hash));
    },
    async deleteWebhookToken(tenantId) {
      await eval_(PUT_WEBHOOK_TOKEN, [k.tenantHook(tenantId)], [k.hookHash("")]);
    },
    async addDeliveryEvent(e, { dedupeKey, retainMs }) {
      const keys = [k.eventKeys(e.tenantId, e.code), k.events(e.tenantId, e.code), k.tenantEvents(e.tenantId)];
      const json = JSON.stringify({ ...e, expiresAt: e.receivedAt + retainMs });
      return (await eval_(ADD_DELIVERY_EVENT, keys, [dedupeKey, json, Math.max(1, retainMs)])) === 1;
    },
    async listDeliveryEvents(tenantId, code) {
      const t = now();
      const rows = (await redis.lrange(k.events(tenantId, code), 0, -1)).map((raw) => JSON.parse(raw) as DeliveryEventRecord & { expiresAt: number });
      return rows.filter((r) => r.expiresAt > t).map(({ expiresAt: _, ...r }) => r);
    },

    async beginIdempotent(scope, key, fp, o) {
      const t = now();
      const args = [fp, t, t + o.ttlMs, Math.max(1, o.ttlMs), randomUUID(), t + o.leaseMs, o.hint ?? "", scope, key];
      const [outcome, a, b] = (await eval_(BEGIN_IDEMPOTENT, [k.idem(scope, key), k.idemDue], args)) as [string, string?, string?];
      if (outcome === "started") return { outcome, owner: args[4] as string };
      if (outcome === "completed") return { outcome, response: a ?? "" };
      if (outcome === "unknown") return { outcome, since: Number(a), hint: b || null };
      return { outcome } as IdempotencyBegin;
    },
    async takeOverIdempotent(scope, key, o) {
      const owner = randomUUID();
      const t = now();
      const taken = (await eval_(TAKE_OVER_IDEMPOTENT, [k.idem(scope, key), k.idemDue], [t, owner, t + o.leaseMs, o.fingerprint ?? ""])) as [string, string] | null;
      return taken ? { owner, since: Number(taken[0]), hint: taken[1] || null } : null;
    },
    async completeIdempotent(scope, key, owner, response) {
      return (await eval_(COMPLETE_IDEMPOTENT, [k.idem(scope, key), k.idemDue], [owner, response])) === 1;
    },
    async abandonIdempotent(scope, key, owner) {
      return (await eval_(ABANDON_IDEMPOTENT, [k.idem(scope, key), k.idemDue], [owner])) === 1;
    },
    async markIdempotentUnknown(scope, key, owner, { since, hint }) {
      return (await eval_(MARK_IDEMPOTENT_UNKNOWN, [k.idem(scope, key), k.idemDue], [owner, since, hint ?? ""])) === 1;
    },
    async listUnknownIdempotent({ settledBefore, limit }) {
      const rows = (await eval_(LIST_UNKNOWN_IDEMPOTENT, [k.idemDue], [settledBefore, now(), Math.max(1, limit)])) as Array<[string, string, string, string]>;
      return rows.map(([scope, key, due, hint]) => ({ scope, key, since: Number(due), hint }));
    },

    async putCachedDelivery(e, retainMs) {
      const t = now();
      const keys = [k.delivery(e.tenantId, e.code), k.deliveries(e.tenantId), k.deliveriesOfSoc(e.tenantId, e.soc ?? "")];
      const args = [e.code, e.soc ?? "", e.data, e.asOf, e.createdAt, e.storedAt, t + retainMs, t, Math.max(1, retainMs)];
      return (await eval_(PUT_CACHED_DELIVERY, keys, args)) === 1;
    },
    async getCachedDeliveries(tenantId, codes) {
      if (codes.length === 0) return [];
      const pipe = redis.pipeline();
      for (const code of codes) pipe.hgetall(k.delivery(tenantId, code));
      const rows = (await pipe.exec()) ?? [];
      return rows.map(([err, h]) => {
        if (err) throw err;
        return cachedDelivery(tenantId, h as Record<string, string>);
      });
    },
    async listCachedDeliveries(tenantId, { soc, limit }) {
      const index = soc === undefined ? k.deliveries(tenantId) : k.deliveriesOfSoc(tenantId, soc);
      const out: CachedDelivery[] = [];
      // Index members whose entry expired are dropped as they are met.
      for (let start = 0; out.length < limit; ) {
        const keys = await redis.zrevrange(index, start, start + limit - 1);
        if (keys.length === 0) break;
        const pipe = redis.pipeline();
        for (const key of keys) pipe.hgetall(key);
        const rows = (await pipe.exec()) ?? [];
        const gone: string[] = [];
        rows.forEach(([err, h], i) => {
          if (err) throw err;
          const entry = cachedDelivery(tenantId, h as Record<string, string>);
          if (!entry || (soc !== undefined && entry.soc !== soc)) gone.push(keys[i] as string);
          else if (out.length < limit) out.push(entry);
        });
        if (gone.length) await redis.zrem(index, ...gone);
        start += keys.length - gone.length;
      }
      return out;
    },
    async putCachedDeliverySoc(tenantId, soc, rec, retainMs) {
      const key = k.soc(tenantId, soc);
      await redis
        .multi()
        .hset(key, { code: rec.code ?? "", none: rec.code === null ? "1" : "0", storedAt: rec.storedAt, exp: now() + retainMs })
        .pexpire(key, Math.max(1, retainMs))
        .sadd(k.socs(tenantId), key)
        // The index (for revocation) outlives none of its records by more than one retainMs.
        .pexpire(k.socs(tenantId), Math.max(1, retainMs))
        .exec();
    },
    async getCachedDeliverySocs(tenantId, socs) {
      if (socs.length === 0) return [];
      const pipe = redis.pipeline();
      for (const soc of socs) pipe.hgetall(k.soc(tenantId, soc));
      const rows = (await pipe.exec()) ?? [];
      const t = now();
      return rows.map(([err, raw]) => {
        if (err) throw err;
        const h = raw as Record<string, string>;
        if (h.storedAt === undefined || Number(h.exp) <= t) return null;
        return { code: h.none === "1" ? null : (h.code ?? null), storedAt: Number(h.storedAt) };
      });
    },
    async deleteCachedDeliverySoc(tenantId, soc) {
      await redis.multi().del(k.soc(tenantId, soc)).srem(k.socs(tenantId), k.soc(tenantId, soc)).exec();
    },
    async setDeliveryPushSince(tenantId, since) {
      if (since === null) await redis.del(k.push(tenantId));
      else await redis.set(k.push(tenantId), String(since));
    },
    async getDeliveryPushSince(tenantId) {
      return num((await redis.get(k.push(tenantId))) ?? undefined);
    },

    withLock(name, lockOpts, fn) {
      // Lock expiry is Redis's own PX (server time), not the injected clock: a crashed replica's
      // lock must lapse even though no one is left to compare clocks.
      return runWithLock(
        {
          async tryAcquire(n, owner, ttlMs) {
            return (await redis.set(k.lock(n), owner, "PX", ttlMs, "NX").catch(rethrow(unreachable))) === "OK";
          },
          async release(n, owner) {
            await eval_(RELEASE_LOCK, [k.lock(n)], [owner]).catch(rethrow(unreachable));
          },
        },
        name,
        lockOpts,
        fn,
      );
    },
  };
  return translated(store, unreachable);
}

const rethrow =
  (translate: (e: unknown) => unknown) =>
  (e: unknown): never => {
    throw translate(e);
  };

/**
 * The store with every method's failure passed through `translate`, except withLock (its
 * lock calls translate their own: the work it runs is the caller's, whose errors are theirs).
 */
function translated(store: Store, translate: (e: unknown) => unknown): Store {
  const out: Record<string, unknown> = { ...store };
  for (const [name, method] of Object.entries(store)) {
    if (typeof method !== "function" || name === "withLock") continue;
    out[name] = (...args: unknown[]) => (method as (...a: unknown[]) => Promise<unknown>).apply(store, args).catch(rethrow(translate));
  }
  return out as unknown as Store;
}
