import { AsyncLocalStorage } from "node:async_hooks";

/**
 * When a loader's batch is dispatched (docs/decisions/031-subgraph-batching.md). By default as
 * dataloader does: after the current tick's promise jobs, so one request's loads of a level
 * batch. Inside `coalesce(window, …)` (the subgraph's requests of one router request, which share
 * their loaders: src/http/request-groups.ts) a new batch first waits until `window.wait()` says
 * the group has been quiet long enough, so loads of requests that arrive a few milliseconds
 * apart land in one provider call. Every loader that entity references reach declares it.
 */

export interface BatchWindow {
  /** Milliseconds a batch begun at `startedAt` (`performance.now()`) still waits for more requests of its group; 0: dispatch now. */
  wait(startedAt: number): number;
}

const windows = new AsyncLocalStorage<BatchWindow>();

/** Runs `fn` with the loads it starts coalesced per `window`. */
export const coalesce = <T>(window: BatchWindow, fn: () => T): T => windows.run(window, fn);

/** dataloader's `batchScheduleFn`. */
export function scheduleBatch(dispatch: () => void): void {
  const window = windows.getStore();
  const startedAt = performance.now();
  const first = window?.wait(startedAt) ?? 0;
  if (first <= 0) {
    // dataloader's own default (enqueuePostPromiseJob): after the promise jobs of this tick.
    void Promise.resolve().then(() => process.nextTick(dispatch));
    return;
  }
  const step = (ms: number) =>
    setTimeout(() => {
      const more = window?.wait(startedAt) ?? 0;
      if (more > 0) step(more);
      else dispatch();
    }, ms);
  step(first);
}

/** Options for a loader: its endpoint's batch limit, when it has one, and the schedule above. */
export const loaderOptions = (maxBatchSize?: number) => ({ ...(maxBatchSize ? { maxBatchSize } : {}), batchScheduleFn: scheduleBatch });
