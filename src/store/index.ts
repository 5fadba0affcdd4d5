import { join } from "node:path";
import type { Cipher } from "./crypto.js";
import { ensurePrivateDir, type Warn } from "./data-dir.js";
import { createRedisStore } from "./redis.js";
import { createSqliteStore } from "./sqlite.js";
import type { Store } from "./types.js";

/**
 * Redis when REDIS_URL is set (several replicas share state), else the embedded SQLite file in
 * DATA_DIR, which is made private to this user (0700, its files 0600; `warn` hears when an
 * existing directory had to be tightened).
 */
export function createStore(config: { REDIS_URL?: string; DATA_DIR: string }, cipher: Cipher, warn?: Warn): Store {
  if (config.REDIS_URL) return createRedisStore({ url: config.REDIS_URL, cipher });
  ensurePrivateDir(config.DATA_DIR, warn);
  return createSqliteStore({ file: join(config.DATA_DIR, "fulfillment-graph.sqlite"), cipher });
}
