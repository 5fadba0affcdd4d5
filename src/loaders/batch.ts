import { withoutStack } from "../providers/errors.js";

/**
 * The two shapes every batch function takes (dataloader's contract: one result per key, in
 * key order, an Error at the index of a miss). DataLoader has already deduplicated the keys
 * of one tick; the provider transport caps how many calls run at once.
 */

/** Raised (as a per-key result) when the provider does not know a key, or it belongs to another account. */
export class NotFoundError extends Error {
  override name = "NotFoundError";
  readonly code = "NOT_FOUND";
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/**
 * Starts a load ahead of the field that will need it, then waits one timer tick so that its
 * provider requests are on the wire before the caller hands the executor more work. undici
 * writes a request on a reused keep-alive socket only from the event loop's check phase (it
 * first reads whatever the idle socket holds: GHSA-35p6-xmwp-9g52), so without the wait the
 * executor's synchronous walk of what the caller returns (milliseconds for a page of 50
 * orders) would run first and hold the requests back by its whole length. The load's errors
 * are left to the field that reads it.
 */
export async function prefetch(start: () => Promise<unknown>): Promise<void> {
  start().catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 0));
}

export interface ChunkOptions {
  /** Most keys one provider call accepts (the endpoint table's maxBatch). */
  max: number;
  /** false: one call per key, for comparison (createApp({ batching: false }), the benchmark's baseline). */
  batching: boolean;
  entity: string;
}

/** For batch endpoints: ⌈keys / max⌉ calls in parallel, results realigned to keys by `keyOf`. */
export async function loadInChunks<V>(
  keys: readonly string[],
  { max, batching, entity }: ChunkOptions,
  fetchChunk: (chunk: string[]) => Promise<readonly V[]>,
  keyOf: (value: V) => string,
): Promise<(V | Error)[]> {
  const size = batching ? max : 1;
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += size) chunks.push(keys.slice(i, i + size));
  const byKey = new Map<string, V | Error>();
  await Promise.all(
    chunks.map(async (chunk) => {
      try {
        for (const value of await fetchChunk(chunk)) byKey.set(keyOf(value), value);
      } catch (e) {
        // A failed call fails only its own keys: other chunks' keys still resolve.
        for (const key of chunk) byKey.set(key, asError(e));
      }
    }),
  );
  return keys.map((key) => byKey.get(key) ?? withoutStack(() => new NotFoundError(entity, key)));
}

/** For endpoints with no batch form: one call per distinct key, concurrently. */
export async function loadEach<V>(keys: readonly string[], fetchOne: (key: string) => Promise<V>): Promise<(V | Error)[]> {
  const settled = await Promise.allSettled(keys.map((key) => fetchOne(key)));
  return settled.map((s) => (s.status === "fulfilled" ? s.value : asError(s.reason)));
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
