import { Repeater } from "graphql-yoga";
import { SubscriptionLimitError } from "../domain/errors.js";

/**
 * The open subscriptions of this process (docs/decisions/027-subscriptions.md): at most
 * `perTenant` per tenant at once (SUBSCRIPTIONS_PER_TENANT), and the one place a shutdown ends
 * them. A slot is taken when the subscription is asked for, so the refusal is the request's own
 * answer, and given back when the stream ends however it ends: the client went away (Yoga
 * returns the iterator), the source finished, or `endAll` ran. The count is per process, not
 * shared between replicas: a replica that dies cannot leave slots taken in Redis.
 */
export function createSubscriptions({ perTenant }: { perTenant: number }) {
  const held = new Map<string, number>();
  const live = new Set<() => void>();
  let ended = false;

  const release = (tenantId: string) => {
    const n = (held.get(tenantId) ?? 1) - 1;
    if (n > 0) held.set(tenantId, n);
    else held.delete(tenantId);
  };

  /** `source`'s values that pass `keep`, as one subscription of `tenantId`; throws SubscriptionLimitError past the cap. */
  function open<T>(tenantId: string, source: () => AsyncIterable<T>, keep: (value: T) => boolean = () => true): AsyncIterableIterator<T> {
    const count = held.get(tenantId) ?? 0;
    if (count >= perTenant) throw new SubscriptionLimitError(perTenant);
    held.set(tenantId, count + 1);
    let released = false;
    const giveBack = () => {
      if (released) return;
      released = true;
      release(tenantId);
    };
    const values = new Repeater<T>(async (push, stop) => {
      live.add(stop);
      const it = source()[Symbol.asyncIterator]();
      try {
        // `stop` settles when the stream is ended from outside (endAll, or the client leaving).
        for (;;) {
          const next = await Promise.race([it.next(), stop.then(() => undefined)]);
          if (!next || next.done) break;
          if (keep(next.value)) await push(next.value);
        }
      } finally {
        live.delete(stop);
        giveBack();
        await it.return?.();
      }
      stop();
    });
    // Asked for while the process drains: ends at once, so the stream cannot hold the shutdown.
    if (ended) void values.return();
    // A stream returned before it was ever read never runs the executor: give the slot back here too.
    return {
      next: () => values.next(),
      return: (value?: unknown) => {
        giveBack();
        return values.return(value as T);
      },
      throw: (error?: unknown) => {
        giveBack();
        return values.throw(error);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  return {
    open,
    /** Open subscriptions of `tenantId` on this process. */
    openFor: (tenantId: string) => held.get(tenantId) ?? 0,
    /** Ends every open stream (each completes normally) and every later one at once: the drain on SIGTERM. */
    endAll: () => {
      ended = true;
      for (const stop of [...live]) stop();
    },
  };
}
export type Subscriptions = ReturnType<typeof createSubscriptions>;
