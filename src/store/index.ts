import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Cipher } from "./crypto.js";
import { createRedisStore } from "./redis.js";
import { createSqliteStore } from "./sqlite.js";
import type { Store } from "./types.js";

/** Redis when REDIS_URL is set (several replicas share state), else the embedded SQLite file. */
export function createStore(config: { REDIS_URL?: string; DATA_DIR: string }, cipher: Cipher): Store {
  if (config.REDIS_URL) return createRedisStore({ url: config.REDIS_URL, cipher });
  mkdirSync(config.DATA_DIR, { recursive: true });
  return createSqliteStore({ file: join(config.DATA_DIR, "fulfillment-graph.sqlite"), cipher });
}
