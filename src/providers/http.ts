import type { Context } from "@opentelemetry/api";
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  handleWhen,
  type IPolicy,
  type IRetryBackoffContext,
  retry,
  wrap,
} from "cockatiel";
import type { Logger } from "pino";
import type { ProviderName } from "../domain/errors.js";
import {
  type CallInfo,
  ProviderError,
  ProviderHttpError,
  ProviderNetworkError,
  ProviderOverloadedError,
  ProviderSchemaError,
  ProviderTimeoutError,
  type ProviderUnavailableError,
} from "../domain/provider-errors.js";
import { redactUrl } from "../domain/redact.js";
import { type Exchange, type ExchangeResponse, ExchangeTimeoutError, fetchExchange, undiciExchange } from "./exchange.js";
import { createLimiter, LimiterRejectedError, LimiterTimeoutError, type Outcome } from "./limiter.js";
import { callRefused, endCallSpan, outsideBatch, startCallSpan, tracedParent } from "./tracing.js";

/**
 * The shared transport under both provider clients: an HTTP exchange (undici's request API,
 * or an injected fetch: exchange.ts), per-attempt timeout,
 * retries with exponential backoff + full jitter for safe calls only (honouring Retry-After),
 * a circuit breaker (cockatiel), and an adaptive concurrency limit per provider with a queue
 * fair between tenants (limiter.ts). One transport per provider per process; credentials are
 * added per request by `withHeaders`.
 */

export interface HttpRequest {
  /** Endpoint name from the provider's endpoint table, used in errors, logs and metrics. */
  endpoint: string;
  method: "GET" | "POST";
  /** Path below the base URL, parameters already expanded and encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to repeat (reads). Only these are retried; writes (order creation) never are. */
  idempotent: boolean;
  /** The API request this call serves: sent as `x-request-id`, so the provider's logs can be matched to ours. */
  requestId?: string | undefined;
  /** The tenant the call is for: its calls queue in their own lane of the provider's limiter. */
  tenantId?: string | undefined;
}

/** A request body already written as JSON text, sent as it is (e.g. ids as bare digits no JS number can hold). */
export class JsonText {
  constructor(readonly text: string) {}
}

export interface HttpResponse {
  status: number;
  headers: ExchangeResponse["headers"];
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
  call: CallInfo;
}

export type SendFn = (req: HttpRequest) => Promise<HttpResponse>;

export interface CallEvent {
  provider: ProviderName;
  endpoint: string;
  method: string;
  status: number | null;
  durationMs: number;
  attempt: number;
  /** The failure's code (PROVIDER_TIMEOUT, PROVIDER_HTTP_ERROR, …) when the call failed. */
  error?: string;
}

/** A retry the policy decided on, reported before it waits (`onRetry`). */
export interface RetryEvent {
  provider: ProviderName;
  endpoint: string;
  method: string;
  /** The call that failed, 1-based: the retry is call `attempt + 1`. */
  attempt: number;
  /** How long the policy waits before the retry: backoff with jitter, or the Retry-After asked for if longer. */
  delayMs: number;
  /** HTTP status of the failed call, or null (timeout, network failure). */
  status: number | null;
  error: string;
}

export interface TransportOptions {
  provider: ProviderName;
  baseUrl: string;
  /** Replaces the default HTTP client (undici's request API), e.g. with a spy in tests. */
  fetch?: typeof globalThis.fetch;
  /** Replaces the HTTP exchange itself (wins over `fetch`), e.g. an in-memory one; it enforces no timeout of ours. */
  exchange?: Exchange;
  timeoutMs?: number;
  /** Extra attempts for idempotent calls. */
  retries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails at once. */
  maxRetryAfterMs?: number;
  /** The adaptive limit's start, floor and ceiling (calls in flight per provider). */
  concurrency?: number;
  concurrencyMin?: number;
  concurrencyMax?: number;
  /** Calls waiting for a slot, all tenants together and per tenant. */
  queue?: number;
  tenantQueue?: number;
  breakerThreshold?: number;
  breakerHalfOpenMs?: number;
  random?: () => number;
  logger?: Logger;
  onCall?: (event: CallEvent) => void;
  /** Called for each retry of an idempotent call with the delay chosen, before waiting it (tests assert on it, not on wall time). */
  onRetry?: (event: RetryEvent) => void;
  /** Called once per failed call (after its retries) that the caller saw fail: HTTP, network, timeout, schema, overloaded. */
  onFailure?: (error: ProviderUnavailableError) => void;
}

export interface Transport {
  send: SendFn;
  readonly provider: ProviderName;
  readonly baseUrl: string;
  /** "closed" (healthy), "open" (failing fast) or "half-open". */
  circuitState(): string;
  /** The current concurrency limit, calls running and calls waiting for a slot, for metrics and /readyz. */
  load(): { limit: number; inFlight: number; queued: number };
  /**
   * Reports a failed call, once, wherever it was found (here, or by the decoder: a schema
   * mismatch): a warn line with provider, endpoint, status and for schema errors the zod issue
   * paths (never values), and `onFailure`.
   */
  failed(error: ProviderUnavailableError): void;
}

export function createTransport({
  provider,
  baseUrl,
  fetch,
  exchange: givenExchange,
  timeoutMs = 10_000,
  retries = 2,
  retryBaseMs = 100,
  retryMaxMs = 2_000,
  maxRetryAfterMs = 5_000,
  concurrency = 16,
  concurrencyMin = 2,
  concurrencyMax = 256,
  queue = 1_000,
  tenantQueue = 500,
  breakerThreshold = 5,
  breakerHalfOpenMs = 10_000,
  random = Math.random,
  logger,
  onCall,
  onRetry,
  onFailure,
}: TransportOptions): Transport {
  const base = baseUrl.replace(/\/+$/, "");
  const exchange = givenExchange ?? (fetch ? fetchExchange(fetch, timeoutMs) : undiciExchange(timeoutMs));
  const isTransient = (e: Error) => e instanceof ProviderError && e.retryable && !(e instanceof ProviderOverloadedError);
  const cap = createLimiter({ initial: concurrency, min: concurrencyMin, max: concurrencyMax, queue, tenantQueue, maxPauseMs: maxRetryAfterMs });
  const breaker = circuitBreaker(handleWhen(isTransient), {
    halfOpenAfter: breakerHalfOpenMs,
    breaker: new ConsecutiveBreaker(breakerThreshold),
  });
  breaker.onBreak(() => logger?.warn({ provider }, "provider circuit opened"));
  breaker.onReset(() => logger?.info({ provider }, "provider circuit closed"));

  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>>((ctx) => {
    const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** (ctx.attempt - 1));
    const jittered = Math.round(random() * ceiling);
    const err = "error" in ctx.result ? ctx.result.error : undefined;
    const asked = err instanceof ProviderHttpError ? (err.retryAfterMs ?? 0) : 0;
    return Math.max(jittered, asked);
  });
  const retryReads = retry(
    handleWhen((e) => isTransient(e) && !(e instanceof ProviderHttpError && (e.retryAfterMs ?? 0) > maxRetryAfterMs)),
    { maxAttempts: retries, backoff },
  );
  if (onRetry) {
    retryReads.onRetry((r) => {
      // Only ProviderErrors are retried (isTransient), so the failed call is known.
      const err = "error" in r && r.error instanceof ProviderError ? r.error : undefined;
      onRetry({
        provider,
        endpoint: err?.endpoint ?? "unknown",
        method: err?.method ?? "unknown",
        attempt: r.attempt,
        delayMs: r.delay,
        status: err instanceof ProviderHttpError ? err.status : null,
        error: err?.name ?? "unknown",
      });
    });
  }
  const reads: IPolicy = wrap(retryReads, breaker);
  const writes: IPolicy = breaker;

  /** One HTTP attempt; `traced`: the context its span hangs under (captured by `send`: the limiter may run it from another call's). */
  async function attempt(req: HttpRequest, attemptNo: number, traced: Context | undefined): Promise<HttpResponse> {
    const href = base + req.path + queryString(req.query);
    const call = new Call(provider, req.endpoint, req.method, href);
    const started = performance.now();
    let status: number | null = null;
    let failure: ProviderError | undefined;
    const headers: Record<string, string> = { accept: "application/json", ...req.headers };
    const span = traced && startCallSpan(traced, { provider, endpoint: req.endpoint, method: req.method, attempt: attemptNo }, headers);
    try {
      if (req.requestId) headers["x-request-id"] = req.requestId;
      if (req.body !== undefined) headers["content-type"] = "application/json";
      const res = await exchange(href, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : req.body instanceof JsonText ? req.body.text : JSON.stringify(req.body),
      });
      status = res.status;
      const text = await res.text();
      if (res.status === 429 || res.status >= 500) {
        throw new ProviderHttpError(call, res.status, parseRetryAfter(res.headers.get("retry-after")));
      }
      return { status: res.status, headers: res.headers, body: parseJson(call, text, res.status >= 200 && res.status < 300), call };
    } catch (e) {
      failure = toProviderError(call, e, timeoutMs);
      throw failure;
    } finally {
      const durationMs = performance.now() - started;
      if (span) endCallSpan(span, status, failure?.code);
      onCall?.({ provider, endpoint: req.endpoint, method: req.method, status, durationMs, attempt: attemptNo, ...(failure ? { error: failure.code } : {}) });
      if (logger?.isLevelEnabled("debug")) logger.debug({ provider, endpoint: req.endpoint, url: call.url, status, durationMs, attempt: attemptNo }, "provider call");
    }
  }

  async function send(req: HttpRequest): Promise<HttpResponse> {
    const policy = req.idempotent ? reads : writes;
    const traced = tracedParent();
    const began = performance.now();
    let n = 0;
    try {
      return await policy.execute(() => cap.run(() => attempt(req, ++n, traced), congestion, { tenantId: req.tenantId, endpoint: req.endpoint }));
    } catch (e) {
      // Still waiting for a slot when the call's time ran out: a timeout, of the time it had.
      if (e instanceof LimiterTimeoutError)
        throw new ProviderTimeoutError(new Call(provider, req.endpoint, req.method, base + req.path), Math.round(performance.now() - began));
      if (e instanceof BrokenCircuitError || e instanceof LimiterRejectedError) {
        const url = redactUrl(base + req.path);
        const why = e instanceof BrokenCircuitError ? "circuit open after repeated failures" : e.message;
        const refused = new ProviderOverloadedError({ provider, endpoint: req.endpoint, method: req.method, url }, why);
        callRefused(traced, provider, req.endpoint, refused.code, why);
        throw refused;
      }
      throw e;
    }
  }

  function failed(error: ProviderUnavailableError): void {
    const status = error instanceof ProviderHttpError ? error.status : null;
    const issues = error instanceof ProviderSchemaError ? error.issues.map((i) => i.path || "(root)") : undefined;
    logger?.warn(
      { provider, endpoint: error.endpoint, method: error.method, status, code: error.code, error: error.message, ...(issues ? { issues } : {}) },
      "provider call failed",
    );
    onFailure?.(error);
  }

  return {
    send,
    provider,
    baseUrl: base,
    circuitState: () => CIRCUIT_STATES[breaker.state] ?? "unknown",
    load: () => {
      const { limit, inFlight, queued } = cap.load();
      return { limit, inFlight, queued };
    },
    failed,
  };
}

/** Wraps a send function so every request carries the headers this function returns (auth, per request). */
export function withHeaders(send: SendFn, headers: () => Record<string, string> | Promise<Record<string, string>>): SendFn {
  return async (req) => send({ ...req, headers: { ...req.headers, ...(await outsideBatch(headers)) } });
}

/** What a failed attempt says about the provider's capacity: 429/503 refuse (and may ask for a pause); other 5xx, timeouts, network failures fail. */
function congestion(e: unknown): [Outcome, number?] {
  if (e instanceof ProviderHttpError) return e.status === 429 || e.status === 503 ? ["refused", e.retryAfterMs ?? 0] : ["failed"];
  return e instanceof ProviderTimeoutError || e instanceof ProviderNetworkError ? ["failed"] : ["ok"];
}

const CIRCUIT_STATES: Record<number, string> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half-open",
  [CircuitState.Isolated]: "isolated",
};

/**
 * What errors and logs know of a call. The redacted URL is computed on first read: a call
 * that succeeds unlogged never needs it.
 */
class Call implements CallInfo {
  // Private, so that no serialisation of the object can reach the unredacted URL.
  readonly #href: string;
  #url: string | undefined;
  constructor(
    readonly provider: ProviderName,
    readonly endpoint: string,
    readonly method: string,
    href: string,
  ) {
    this.#href = href;
  }
  get url(): string {
    return (this.#url ??= redactUrl(this.#href));
  }
}

/** `?a=1&b=2` from the defined values (form-encoded like URLSearchParams), or "" for none. */
function queryString(query: HttpRequest["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const k in query) {
    const v = query[k];
    if (v !== undefined) params.append(k, String(v));
  }
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}

function parseJson(call: CallInfo, text: string, mustParse: boolean): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (text.trim() === "") return undefined;
    // Error bodies (4xx) may be HTML from a proxy; only a success body must be JSON.
    if (mustParse) throw new ProviderSchemaError(call, "response body is not valid JSON");
    return undefined;
  }
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function toProviderError(call: CallInfo, e: unknown, timeoutMs: number): ProviderError {
  if (e instanceof ProviderError) return e;
  if (e instanceof ExchangeTimeoutError) return new ProviderTimeoutError(call, timeoutMs);
  // undici's request API throws the socket error itself (ECONNRESET, UND_ERR_SOCKET…); fetch
  // wraps it as TypeError("fetch failed") with the socket error as cause.
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const detail = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.name) : "unknown";
  return new ProviderNetworkError(call, `network failure (${detail})`);
}
