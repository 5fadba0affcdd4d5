import { request, type Dispatcher } from "undici";

/**
 * One HTTP exchange: all the transport needs from an HTTP client. The default is undici's
 * `request` API, which costs about a third of the CPU of `fetch` per call (no WHATWG streams
 * or Response objects: measured in docs/benchmarks.md, where the transport is the largest
 * share of the layer's own cost). An injected `fetch` (tests, other runtimes) still works.
 */

export interface ExchangeInit {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface ExchangeResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type Exchange = (url: URL, init: ExchangeInit) => Promise<ExchangeResponse>;

export const undiciExchange: Exchange = async (url, { method, headers, body, signal }) => {
  const res = await request(url, { method: method as Dispatcher.HttpMethod, headers, body, signal });
  return {
    status: res.statusCode,
    headers: {
      get: (name) => {
        const value = res.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(", ") : (value ?? null);
      },
    },
    // Always read: an unread body keeps the pooled socket busy.
    text: () => res.body.text(),
  };
};

export function fetchExchange(fetchFn: typeof globalThis.fetch): Exchange {
  return async (url, init) => fetchFn(url, init);
}
