import { EventEmitter } from "node:events";
import { Agent } from "undici";

/**
 * One HTTP exchange: all the transport needs from an HTTP client. The default is undici's
 * `request` API on an Agent of the transport's own, which costs about a third of the CPU of
 * `fetch` per call (no WHATWG streams or Response objects). Its timeout aborts through an
 * EventEmitter, which undici accepts as a signal and which costs a fraction of an
 * AbortController's EventTarget listener. An injected `fetch` (tests, other runtimes) still
 * works, with an AbortController. Either way `timeoutMs` bounds the whole exchange, body included.
 */

export interface ExchangeInit {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
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

/** undici's request API on a connection pool of its own (one per transport, so one per provider). */
export function undiciExchange(timeoutMs: number): Exchange {
  const dispatcher = new Agent({ connect: { timeout: timeoutMs } });
  return async (url, { method, headers, body }) => {
    const abort = new EventEmitter();
    let timedOut = false;
    const timer = setTimeout(() => ((timedOut = true), abort.emit("abort")), timeoutMs);
    const fail = (e: unknown): never => {
      clearTimeout(timer);
      throw timedOut ? new ExchangeTimeoutError("timed out", { cause: e }) : e;
    };
    // The origin and path by string slicing: the transport built the URL from its base URL.
    const slash = url.indexOf("/", url.indexOf("//") + 2);
    const res = await dispatcher.request({ origin: url.slice(0, slash), path: url.slice(slash), method, headers, body, signal: abort }).catch(fail);
    return {
      status: res.statusCode,
      headers: {
        get: (name) => {
          const value = res.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(", ") : (value ?? null);
        },
      },
      text: () => res.body.text().then((text) => (clearTimeout(timer), text), fail),
    };
  };
}

/** An injected fetch, with one AbortController per exchange bounding the whole call, body included. */
export function fetchExchange(fetchFn: typeof globalThis.fetch, timeoutMs: number): Exchange {
  return async (url, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new ExchangeTimeoutError("timed out")), timeoutMs);
    const fail = (e: unknown) => {
      clearTimeout(timer);
      throw controller.signal.aborted ? new ExchangeTimeoutError("timed out", { cause: e }) : e;
    };
    const res = await fetchFn(url, { ...init, signal: controller.signal }).catch(fail);
    return {
      status: res.status,
      headers: res.headers,
      text: () => res.text().then((text) => (clearTimeout(timer), text), fail),
    };
  };
}
