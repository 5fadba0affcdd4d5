import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { Logger } from "../logger.js";

/**
 * What one request carries while it runs (docs/decisions/014-observability.md): its id, its
 * logger (a pino child with the request id, then the tenant and operation name as they become
 * known), and what the access log and the metrics report at its end. Kept in an
 * AsyncLocalStorage entered by the request middleware (src/http/observe.ts), so every log line
 * the request causes, in our code or in Yoga's, goes through its logger.
 */

export type Outcome = "ok" | "error" | "rejected";

export interface RequestScope {
  readonly requestId: string;
  readonly log: Logger;
  tenantId?: string;
  operationName?: string;
  /** Set once a GraphQL operation executed: "error" when its result has errors. Unset: not executed. */
  outcome?: Outcome;
  graphql?: boolean;
}

const storage = new AsyncLocalStorage<RequestScope>();

export const runInScope = <T>(scope: RequestScope, fn: () => T): T => storage.run(scope, fn);
export const currentScope = (): RequestScope | undefined => storage.getStore();

/** A caller's id is kept when it is short and plain (it goes into headers and logs); otherwise a new one is made. */
const ACCEPTED = /^[\w.:@/+=-]{1,128}$/;
export function acceptRequestId(given: string | null | undefined): string {
  return given && ACCEPTED.test(given) ? given : randomUUID();
}

/** Adds fields to the request's logger (and so to every later line of the request). */
export function bindToScope(scope: RequestScope | undefined, fields: { tenantId?: string; operationName?: string }): void {
  if (!scope) return;
  const fresh: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields) as [keyof typeof fields, string | undefined][]) {
    if (value === undefined || scope[key] === value) continue;
    scope[key] = value;
    fresh[key] = value;
  }
  if (Object.keys(fresh).length > 0) scope.log.setBindings(fresh);
}
