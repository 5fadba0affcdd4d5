import { EventEmitter } from "node:events";
import { Agent } from "undici";

/**
 * One HTTP exchange: all the transport needs from an HTTP client. The default is undici's
 * `request` API on an Agent of the transport's own, which costs about a third of the CPU of
 * `fetch` per call (no WHATWG streams or Response objects). Its timeout aborts through an
 * EventEmitter, which undici accepts as a signal and which costs a fraction of an
 * AbortController's EventTarget listener. An injected `fetch` (tests, other runtimes) still
 * works, with an AbortController. Either way the timeout bounds the whole exchange, body
 * included: the call's own `timeoutMs` (the transport passes each attempt's, cut to the API
 * request's remaining budget: docs/decisions/019-deadlines-and-breaker.md), else the factory's.
 */

export interface ExchangeInit {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  /** This exchange's timeout, body included; the factory's default when absent. A plain number: nothing is allocated for it. */
  timeoutMs?: number;
}

export interface ExchangeResponse {
  status: number;
  headers: { get(name: string): string | null };
  /** The whole body. Always called once per response: an unread body keeps the pooled socket busy. */
  text(): Promise<string>;
}

export type Exchange = (url: string, init: ExchangeInit) => Promise<ExchangeResponse>;

/** The provider did not answer, body included, within the timeout. */
export class ExchangeTimeoutError extends Error {
  override name = "ExchangeTimeoutError";
}

/** An absolute URL's origin and path (query included), by string slicing: no URL object per call. */
export function splitUrl(url: string): { origin: string; path: string } {
  const slash = url.indexOf("/", url.indexOf("//") + 2);
  return slash === -1 ? { origin: url, path: "/" } : { origin: url.slice(0, slash), path: url.slice(slash) };
}

/**
 * One exchange's deadline: `abort` runs when `timeoutMs` passes first; `fail` rethrows an error
 * of the exchange as ExchangeTimeoutError when the deadline caused it; `done` ends the deadline.
 */
function deadline(timeoutMs: number, abort: () => void) {
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), abort()), timeoutMs);
  return {
    fail: (e: unknown): never => {
      clearTimeout(timer);
      throw timedOut ? new ExchangeTimeoutError("timed out", { cause: e }) : e;
    },
    done: <T>(value: T): T => (clearTimeout(timer), value),
  };
}

/**
 * undici's request API on a connection pool of its own (one per transport, so one per provider).
 * `timeoutMs` is the default per exchange and the connect timeout; a call's `timeoutMs` wins.
 */
export function undiciExchange(timeoutMs: number): Exchange {
  const dispatcher = new Agent({ connect: { timeout: timeoutMs } });
  return async (url, { method, headers, body, timeoutMs: callTimeoutMs }) => {
    const abort = new EventEmitter();
    const { fail, done } = deadline(callTimeoutMs ?? timeoutMs, () => abort.emit("abort"));
    const res = await dispatcher.request({ ...splitUrl(url), method, headers, body, signal: abort }).catch(fail);
    return {
      status: res.statusCode,
      headers: {
        get: (name) => {
          const value = res.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(", ") : (value ?? null);
        },
      },
      text: () => res.body.text().then(done, fail),
    };
  };
}

/** An injected fetch, with one AbortController per exchange bounding the whole call, body included. */
export function fetchExchange(fetchFn: typeof globalThis.fetch, timeoutMs: number): Exchange {
  return async (url, { method, headers, body, timeoutMs: callTimeoutMs }) => {
    const controller = new AbortController();
    const { fail, done } = deadline(callTimeoutMs ?? timeoutMs, () => controller.abort(new ExchangeTimeoutError("timed out")));
    const res = await fetchFn(url, { method, headers, body, signal: controller.signal }).catch(fail);
    return { status: res.status, headers: res.headers, text: () => res.text().then(done, fail) };
  };
}
