import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { type Cipher, connectionNeedsRekey, openConnection, type SealedConnection, sealConnection } from "./crypto.js";
import { type ApiKeyRecord, type IdempotencyBegin, type OAuthStateRecord, runWithLock, type Store, type Tenant } from "./types.js";

/**
 * The shared store for several replicas. Every read-decides-write step is one Lua script, so it
 * is atomic without WATCH retries. Scripts touch keys they derive from the prefix, so this targets
 * a single Redis (or a primary with replicas), not Redis Cluster.
 */

const REVOKE = `
local t = ARGV[1]
for _, k in ipairs(KEYS) do
  if redis.call('EXISTS', k) == 1 then redis.call('HSETNX', k, 'revokedAt', t) end
end
if ARGV[2] then
  for _, id in ipairs(redis.call('SMEMBERS', ARGV[2])) do
    local k = ARGV[3] .. id
    if redis.call('EXISTS', k) == 1 then redis.call('HSETNX', k, 'revokedAt', t) end
  end
end`;

// Expiry is judged by the caller's clock (ARGV[2]) so tests with an injected clock see the same
// behaviour as SQLite; PEXPIRE only reclaims memory.
const BEGIN_IDEMPOTENT = `
local v = redis.call('HMGET', KEYS[1], 'fp', 'state', 'response', 'exp')
if v[1] and tonumber(v[4]) > tonumber(ARGV[2]) then
  if v[1] ~= ARGV[1] then return {'mismatch'} end
  if v[2] == 'completed' then return {'completed', v[3]} end
  return {'in_progress'}
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'state', 'in_progress', 'exp', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {'started'}`;

const COMPLETE_IDEMPOTENT = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'state', 'completed', 'response', ARGV[1]) end`;

// Only an unfinished record is freed: a late abandon must not erase a response to replay.
const ABANDON_IDEMPOTENT = `
if redis.call('HGET', KEYS[1], 'state') == 'in_progress' then redis.call('DEL', KEYS[1]) end`;

// Compare-and-set: the resealed connection replaces only the exact value it was made from.
const RESEAL = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end
return 0`;

/** How often resealConnection reads again when the connection changed under it before giving up. */
const RESEAL_ATTEMPTS = 10;

const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end`;

export type RedisStoreOptions = ({ url: string } | { client: Redis }) & { cipher: Cipher; prefix?: string; now?: () => number };

const num = (v: string | undefined): number | null => (v === undefined ? null : Number(v));

export function createRedisStore(opts: RedisStoreOptions): Store {
  const { cipher, prefix = "fg:", now = Date.now } = opts;
  // A client passed in belongs to the caller, who closes it.
  const owned = !("client" in opts);
  const redis = "client" in opts ? opts.client : new Redis(opts.url, { maxRetriesPerRequest: 2 });
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
    idem: (scope: string, key: string) => `${prefix}idem:${encodeURIComponent(scope)}:${encodeURIComponent(key)}`,
    lock: (name: string) => `${prefix}lock:${encodeURIComponent(name)}`,
  };
  const tenant = (h: Record<string, string>): Tenant | null =>
    h.id === undefined ? null : { id: h.id, name: h.name ?? "", createdAt: Number(h.createdAt), revokedAt: num(h.revokedAt) };
  const apiKey = (h: Record<string, string>): ApiKeyRecord | null =>
    h.keyId === undefined ? null : { keyId: h.keyId, tenantId: h.tenantId ?? "", hash: h.hash ?? "", createdAt: Number(h.createdAt), revokedAt: num(h.revokedAt) };

  return {
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
      await eval_(REVOKE, [k.tenant(id)], [now(), k.tenantKeys(id), k.apiKey("")]);
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
      await eval_(REVOKE, [k.apiKey(keyId)], [now()]);
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
      await redis.set(k.oauth(rec.state), JSON.stringify(rec), "PX", Math.max(1, rec.expiresAt - now()));
    },
    async consumeOAuthState(state) {
      const raw = await redis.getdel(k.oauth(state));
      if (raw === null) return null;
      const rec = JSON.parse(raw) as OAuthStateRecord;
      return rec.expiresAt > now() ? rec : null;
    },

    async beginIdempotent(scope, key, fp, ttlMs) {
      const t = now();
      const [outcome, response] = (await eval_(BEGIN_IDEMPOTENT, [k.idem(scope, key)], [fp, t, t + ttlMs, Math.max(1, ttlMs)])) as [string, string?];
      return (outcome === "completed" ? { outcome, response: response ?? "" } : { outcome }) as IdempotencyBegin;
    },
    async completeIdempotent(scope, key, response) {
      await eval_(COMPLETE_IDEMPOTENT, [k.idem(scope, key)], [response]);
    },
    async abandonIdempotent(scope, key) {
      await eval_(ABANDON_IDEMPOTENT, [k.idem(scope, key)], []);
    },

    withLock(name, lockOpts, fn) {
      // Lock expiry is Redis's own PX (server time), not the injected clock: a crashed replica's
      // lock must lapse even though no one is left to compare clocks.
      return runWithLock(
        {
          async tryAcquire(n, owner, ttlMs) {
            return (await redis.set(k.lock(n), owner, "PX", ttlMs, "NX")) === "OK";
          },
          async release(n, owner) {
            await eval_(RELEASE_LOCK, [k.lock(n)], [owner]);
          },
        },
        name,
        lockOpts,
        fn,
      );
    },
  };
}
