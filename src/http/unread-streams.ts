import type { Plugin } from "graphql-yoga";

/**
 * A subscription asked for without accepting a stream (`Accept: application/json`, e.g. the
 * graphql-request SDK) is answered 406 by Yoga, which then drops the event stream unread. Its
 * `return()` would never run, and the tenant's subscription slot (src/resolvers/subscriptions.ts)
 * would stay taken for good, so it is returned here. Yoga's own result processors run before
 * this plugin: no processor set by now means the 406 (docs/decisions/027-subscriptions.md).
 */
export function useUnreadStreams(): Plugin {
  return {
    onResultProcess({ result, resultProcessor }) {
      if (resultProcessor || typeof result !== "object" || result === null || !(Symbol.asyncIterator in result)) return;
      void (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
    },
  };
}
