import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import { createRedisStore } from "../../src/store/redis.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import type { StoreBackend } from "./store-contract.js";

/**
 * The two backends the store suites run against: a SQLite file in a fresh directory, and a
 * fresh random key prefix on the Redis at REDIS_URL (other suites may share that Redis).
 */

export function sqliteBackend(): StoreBackend & { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "fg-sqlite-"));
  const file = join(dir, "store.sqlite");
  const read = (f: string) => (existsSync(f) ? readFileSync(f) : Buffer.alloc(0));
  return {
    file,
    dir,
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

export function redisBackend(url: string): StoreBackend & { prefix: string } {
  const prefix = `fg-test:${randomUUID()}:`;
  const admin = new Redis(url);
  const keysUnder = async (): Promise<string[]> => {
    const keys: string[] = [];
    for await (const batch of admin.scanStream({ match: `${prefix}*`, count: 200 })) keys.push(...(batch as string[]));
    return keys;
  };
  return {
    prefix,
    open: ({ cipher, now }) => createRedisStore({ url, cipher, now, prefix }),
    async rawBytes() {
      const parts: string[] = [];
      for (const key of await keysUnder()) {
        const type = await admin.type(key);
        parts.push(key);
        if (type === "string") parts.push((await admin.get(key)) ?? "");
        else if (type === "hash") parts.push(...Object.entries(await admin.hgetall(key)).flat());
        else if (type === "set") parts.push(...(await admin.smembers(key)));
        else if (type === "list") parts.push(...(await admin.lrange(key, 0, -1)));
        else if (type === "zset") parts.push(...(await admin.zrange(key, 0, -1)));
        else throw new Error(`unexpected Redis type ${type} at ${key}`);
      }
      return Buffer.from(parts.join("\n"), "utf8");
    },
    async dispose() {
      const keys = await keysUnder();
      if (keys.length) await admin.del(...keys);
      await admin.quit();
    },
  };
}
