import { NotFoundError, withoutStack } from "../domain/errors.js";
import { withBatchSize } from "../providers/tracing.js";
import type { LoaderContext } from "./context.js";

/**
 * The two shapes every batch function takes (dataloader's contract: one result per key, in
 * key order, an Error at the index of a miss). DataLoader has already deduplicated the keys
 * of one tick and split them at maxBatchSize; the provider transport caps how many calls run at once.
 */

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

/**
 * For batch endpoints: DataLoader hands over at most the endpoint's maxBatch keys (its
 * `maxBatchSize`, set where the loader is declared), and this makes one call for them, the
 * results realigned to the keys by `keyOf`. With batching off each key is a call of its own.
 * The call's trace span carries the number of keys (`fulfillment.batch_size`).
 */
export async function loadBatch<V>(
  keys: readonly string[],
  ctx: LoaderContext,
  entity: string,
  fetchBatch: (keys: string[]) => Promise<readonly V[]>,
  keyOf: (value: V) => string,
): Promise<(V | Error)[]> {
  const calls = ctx.app.batching ? [[...keys]] : keys.map((key) => [key]);
  for (const batch of calls) ctx.app.observe?.loaderBatch(entity, batch.length);
  const byKey = new Map<string, V | Error>();
  await Promise.all(
    calls.map(async (batch) => {
      try {
        for (const value of await withBatchSize(batch.length, () => fetchBatch(batch))) byKey.set(keyOf(value), value);
      } catch (e) {
        // A failed call fails only its own keys.
        for (const key of batch) byKey.set(key, asError(e));
      }
    }),
  );
  return keys.map((key) => byKey.get(key) ?? withoutStack(() => new NotFoundError(entity, key)));
}

/** For endpoints with no batch form: one call per distinct key, concurrently. */
export async function loadEach<V>(keys: readonly string[], fetchOne: (key: string) => Promise<V>): Promise<(V | Error)[]> {
  const settled = await Promise.allSettled(keys.map((key) => withBatchSize(1, () => fetchOne(key))));
  return settled.map((s) => (s.status === "fulfilled" ? s.value : asError(s.reason)));
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
