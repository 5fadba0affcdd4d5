import { randomUUID } from "node:crypto";
import type { Logger } from "../logger.js";
import type { ClientRequest } from "../providers/runtime.js";

/**
 * What one request carries while it runs (docs/decisions/014-observability.md): its id, its
 * logger (a pino child with the request id, then the tenant and operation name as they become
 * known), and what the access log and the metrics report at its end. Attached to the request
 * object by the request middleware (src/http/observe.ts) and handed on explicitly: Yoga's
 * plugins and the context find it by the request, the context gives its logger and deadline to
 * the provider clients, so every log line the request causes goes through its logger. Not an
 * AsyncLocalStorage: on Node 20 one enabled ALS puts promise hooks on every promise in the
 * process, a tenth (cold) to a fifth (warm) of a served Dashboard's CPU
 * (docs/decisions/040-explicit-request-scope.md).
 */

export type Outcome = "ok" | "error" | "rejected";

export interface RequestScope {
  readonly requestId: string;
  readonly log: Logger;
  /** When the request arrived (`performance.now()`): its time budget counts from here. */
  readonly startedAt?: number;
  /**
   * A GraphQL request's deadline (absolute `performance.now()` ms), set when its context is built
   * (src/http/context.ts): every provider call the request makes is bounded by it.
   */
  deadline?: number;
  tenantId?: string;
  operationName?: string;
  /** Set once a GraphQL operation executed: "error" when its result has errors. Unset: not executed. */
  outcome?: Outcome;
  graphql?: boolean;
  /** Ends the operation's turn in the tenant-fair admission (src/http/admission.ts); safe to call twice. */
  admitted?: () => void;
}

const scopes = new WeakMap<Request, RequestScope>();

/** Attaches `scope` to `request` (the Fetch Request the routes and Yoga see). */
export const enterScope = (request: Request, scope: RequestScope): void => void scopes.set(request, scope);
/** The scope of `request`, if the request middleware entered one. */
export const scopeOf = (request: Request | undefined): RequestScope | undefined => (request ? scopes.get(request) : undefined);
/** The logger a route writes `request`'s lines with: its scope's, else `fallback`. */
export const logOf = (request: Request, fallback: Logger): Logger => scopes.get(request)?.log ?? fallback;
/** `request` as the provider clients a route builds see it (its id and logger), outside GraphQL. */
export const callsOf = (request: Request): ClientRequest | undefined => {
  const scope = scopes.get(request);
  return scope && { requestId: scope.requestId, log: scope.log };
};

/** A caller's id is kept when it is short and plain (it goes into headers and logs); otherwise a new one is made. */
const ACCEPTED = /^[\w.:@/+=-]{1,128}$/;
export function acceptRequestId(given: string | null | undefined): string {
  return given && ACCEPTED.test(given) ? given : randomUUID();
}

/** The header with which a client lowers its request's time budget (GRAPHQL_REQUEST_BUDGET_MS), never raises it. */
export const BUDGET_HEADER = "x-request-budget-ms";

/**
 * The provider calls' deadline: `startedAt` plus the configured budget, or plus the client's
 * `x-request-budget-ms` when that is a smaller positive whole number of milliseconds, less a
 * twentieth of it (at most 500 ms) kept for what follows the last call: finishing the execution
 * and writing the response, which on a loaded process lag behind (in the benchmark's faults
 * scenario, 50 connections on two cores, answers came up to 0.7 s after a deadline with no
 * reserve). Anything else in the header (larger, zero, negative, fractional, not a number) is ignored.
 */
export function requestDeadline(startedAt: number, budgetMs: number, asked: string | null | undefined): number {
  const value = asked?.trim();
  const askedMs = value && /^\d{1,10}$/.test(value) ? Number(value) : 0;
  const budget = askedMs > 0 && askedMs < budgetMs ? askedMs : budgetMs;
  return startedAt + budget - Math.min(500, budget / 20);
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
