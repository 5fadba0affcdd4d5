import type { Context } from "@opentelemetry/api";
import { BrokenCircuitError, CircuitState, circuitBreaker, handleWhen, SamplingBreaker } from "cockatiel";
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
 * or an injected fetch: exchange.ts), per-attempt timeout cut to the API request's deadline,
 * retries with exponential backoff + full jitter for safe calls only (honouring Retry-After, and
 * only while the deadline can hold them), a sampling circuit breaker (cockatiel), and an adaptive
 * concurrency limit per provider with a queue fair between tenants (limiter.ts). One transport per
 * provider per process; credentials are added per request by `withHeaders`.
 * docs/decisions/002-http-resilience.md, 018-adaptive-concurrency.md, 019-deadlines-and-breaker.md
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
  /**
   * The API request's deadline, absolute `performance.now()` milliseconds: each attempt's timeout
   * is at most what is left of it, a retry is made only when it fits, and a call made after it
   * fails at once (ProviderTimeoutError) without HTTP. Absent: only the provider timeout bounds it.
   */
  deadline?: number | undefined;
  /** The tenant the call is for: its calls queue in their own lane of the provider's limiter. */
  tenantId?: string | undefined;
  /** The API request's logger (its id, tenant and operation bound): the call's lines go there, not to the transport's. */
  log?: Logger | undefined;
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
  /** The timeout this attempt had: the provider's, the probe's (circuit half-open), or what was left of the request's budget. */
  timeoutMs: number;
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
  /** Per-attempt timeout (PROVIDER_TIMEOUT_MS); a request's deadline may cut it shorter. */
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
  /** Share of calls (0–1, exclusive) failing over the window that opens the circuit: more than this. */
  breakerFailureRate?: number;
  /** The window the failure rate is measured over. */
  breakerWindowMs?: number;
  /** Calls the window must hold before the rate can open the circuit. */
  breakerMinCalls?: number;
  /** How long an open circuit sheds calls before letting one probe through. */
  breakerHalfOpenMs?: number;
  /** The probe's timeout (never longer than `timeoutMs`); also the shortest timeout whose expiry counts against the provider. */
  probeTimeoutMs?: number;
  /** The least time an attempt is made with: a call (or retry) with less of the request's budget left fails without HTTP. */
  minAttemptMs?: number;
  random?: () => number;
  logger?: Logger;
  onCall?: (event: CallEvent) => void;
  /** Called for each retry of an idempotent call with the delay chosen, before waiting it (tests assert on it, not on wall time); not for a retry skipped because the deadline cannot hold it. */
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
  load(): { limit: number; inFlight: number; queued: number; pausedMs: number };
  /**
   * Reports a failed call, once, wherever it was found (here, or by the decoder: a schema
   * mismatch): a warn line with provider, endpoint, status and for schema errors the zod issue
   * paths (never values), and `onFailure`.
   */
  failed(error: ProviderUnavailableError, log?: Logger): void;
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
  queue = 10_000,
  breakerFailureRate = 0.5,
  breakerWindowMs = 10_000,
  breakerMinCalls = 20,
  tenantQueue = 4_000,
  breakerHalfOpenMs = 10_000,
  probeTimeoutMs = 2_000,
  minAttemptMs = 50,
  random = Math.random,
  logger,
  onCall,
  onRetry,
  onFailure,
}: TransportOptions): Transport {
  const base = baseUrl.replace(/\/+$/, "");
  const exchange = givenExchange ?? (fetch ? fetchExchange(fetch, timeoutMs) : undiciExchange(timeoutMs));
  const isTransient = (e: Error) => e instanceof ProviderError && e.retryable && !(e instanceof ProviderOverloadedError);
  /** The probe's timeout, and the shortest wait whose timeout says something about the provider. */
  const judgeMs = Math.min(timeoutMs, probeTimeoutMs);
  const cap = createLimiter({ initial: concurrency, min: concurrencyMin, max: concurrencyMax, queue, tenantQueue, maxPauseMs: maxRetryAfterMs });
  // What the breaker counts as the provider failing: transient failures (network, 429, 5xx,
  // timeouts). Not a 401/403 or a business refusal (those are answers: they count as successes,
  // and the clients raise ProviderRejectedError / ProviderCredentialsRejectedError from them
  // outside the transport), and not a timeout a caller's short budget cut below `judgeMs` while
  // the circuit is closed: one tenant's `x-request-budget-ms: 50` must not open it for the others.
  // Once open or half-open any timeout counts: cockatiel closes the circuit on an error it does
  // not count, and an inconclusive probe must not do that.
  const countsAgainstProvider = (e: Error) => isTransient(e) && !(e instanceof ProviderTimeoutError && e.timeoutMs < judgeMs && breaker.state === CircuitState.Closed);
  const breaker = circuitBreaker(handleWhen(countsAgainstProvider), {
    halfOpenAfter: breakerHalfOpenMs,
    breaker: new SamplingBreaker({ threshold: breakerFailureRate, duration: breakerWindowMs, minimumRps: minimumRps(breakerMinCalls, breakerWindowMs) }),
  });
  /** When the circuit last opened (cockatiel's own clock, Date.now): after `breakerHalfOpenMs` the next call is the probe. */
  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = Date.now();
    logger?.warn({ provider }, "provider circuit opened");
  });
  breaker.onReset(() => logger?.info({ provider }, "provider circuit closed"));
  // Which attempt is the half-open probe: cockatiel announces it (onHalfOpen) synchronously inside
  // `execute`, before it runs (or queues) that attempt, so the one being entered is the probe.
  type Run = () => Promise<HttpResponse>;
  let entering: Run | undefined;
  let probeRun: Run | undefined;
  breaker.onHalfOpen(() => {
    probeRun = entering;
  });

  /** The delay before retry `n + 1` after call `n` failed with `err`: backoff with full jitter, or a longer Retry-After. */
  function retryDelay(n: number, err: ProviderError): number {
    const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** (n - 1));
    const jittered = Math.round(random() * ceiling);
    return Math.max(jittered, err instanceof ProviderHttpError ? (err.retryAfterMs ?? 0) : 0);
  }

  /**
   * Why a call is refused before it reaches the breaker, or undefined: the request's budget is
   * spent (less than `minAttemptMs` left); the circuit is half-open (its one probe running); or this call would be the probe and
   * has less than the probe's timeout left (an inconclusive probe would keep the circuit open).
   */
  function refusal(req: HttpRequest): Refusal | undefined {
    const left = req.deadline === undefined ? Number.POSITIVE_INFINITY : req.deadline - performance.now();
    if (left < minAttemptMs) return "spent";
    const state = breaker.state;
    if (state === CircuitState.HalfOpen) return "half-open";
    if (state === CircuitState.Open && left < judgeMs && Date.now() - openedAt >= breakerHalfOpenMs) return "short-probe";
    return undefined;
  }

  /**
   * One HTTP attempt; `traced`: the context its span hangs under (captured by `send`: the limiter
   * may run it from another call's); `probe`: the circuit's half-open probe, with the probe timeout.
   */
  async function attempt(req: HttpRequest, attemptNo: number, traced: Context | undefined, probe: boolean): Promise<HttpResponse> {
    // A call queued in the limiter while the circuit was closed, starting after it opened: shed
    // like every call after it (cockatiel counts nothing for it: overloaded is not transient).
    if (!probe && breaker.state !== CircuitState.Closed) throw refused(req, traced, "open");
    const href = base + req.path + queryString(req.query);
    const call = new Call(provider, req.endpoint, req.method, href);
    const ceiling = probe ? judgeMs : timeoutMs;
    const left = req.deadline === undefined ? ceiling : Math.floor(req.deadline - performance.now());
    // The budget ran out while the call waited for a slot: fail without HTTP (the breaker ignores it while closed).
    if (left < minAttemptMs) throw new ProviderTimeoutError(call, 0, "budget");
    // A read with a retry left gets at most half of what is left: a hung first attempt then leaves
    // its retry time to run instead of spending the whole budget (the benchmark's faults scenario).
    const share = req.idempotent && attemptNo <= retries && req.deadline !== undefined ? Math.max(minAttemptMs, Math.floor(left / 2)) : left;
    const callTimeoutMs = Math.min(ceiling, left, share);
    const limitedBy = callTimeoutMs < ceiling ? "budget" : "provider";
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
        timeoutMs: callTimeoutMs,
      });
      status = res.status;
      const text = await res.text();
      if (res.status === 429 || res.status >= 500) {
        throw new ProviderHttpError(call, res.status, parseRetryAfter(res.headers.get("retry-after")));
      }
      return { status: res.status, headers: res.headers, body: parseJson(call, text, res.status >= 200 && res.status < 300), call };
    } catch (e) {
      failure = toProviderError(call, e, callTimeoutMs, limitedBy);
      throw failure;
    } finally {
      const durationMs = performance.now() - started;
      if (span) endCallSpan(span, status, failure?.code);
      onCall?.({
        provider,
        endpoint: req.endpoint,
        method: req.method,
        status,
        durationMs,
        attempt: attemptNo,
        timeoutMs: callTimeoutMs,
        ...(failure ? { error: failure.code } : {}),
      });
      const log = req.log ?? logger;
      if (log?.isLevelEnabled("debug")) log.debug({ provider, endpoint: req.endpoint, url: call.url, status, durationMs, attempt: attemptNo }, "provider call");
    }
  }

  /**
   * The call with its retries: reads are retried on transient failures, at most `retries` times,
   * each only when its delay plus `minAttemptMs` still fits before the deadline (cockatiel's retry
   * policy decides before it knows the delay, so the loop is ours). Each attempt passes the
   * breaker, then the limiter (its queue lane is the tenant's; it waits no longer than the deadline).
   */
  async function send(req: HttpRequest): Promise<HttpResponse> {
    const traced = tracedParent();
    for (let n = 1; ; n++) {
      const why = refusal(req);
      if (why !== undefined) throw refused(req, traced, why);
      try {
        // The function the breaker is given is how the probe is known (onHalfOpen), so it is `run` itself.
        const run: Run = () =>
          cap.run(() => attempt(req, n, traced, run === probeRun), congestion, { tenantId: req.tenantId, endpoint: req.endpoint, deadline: req.deadline });
        entering = run;
        const pending = breaker.execute(run);
        entering = undefined;
        return await pending;
      } catch (e) {
        if (e instanceof BrokenCircuitError) throw refused(req, traced, "open");
        if (e instanceof LimiterRejectedError) throw refused(req, traced, "queue", e.message);
        // Still waiting for a slot when the deadline came: the budget was spent before the call could be made.
        if (e instanceof LimiterTimeoutError) throw refused(req, traced, "spent");
        if (!req.idempotent || n > retries || !(e instanceof ProviderError) || !isTransient(e)) throw e;
        // A Retry-After longer than we will wait fails at once, as does a retry the deadline cannot hold.
        if (e instanceof ProviderHttpError && (e.retryAfterMs ?? 0) > maxRetryAfterMs) throw e;
        const delayMs = retryDelay(n, e);
        if (req.deadline !== undefined && performance.now() + delayMs + minAttemptMs > req.deadline) throw e;
        onRetry?.({
          provider,
          endpoint: req.endpoint,
          method: req.method,
          attempt: n,
          delayMs,
          status: e instanceof ProviderHttpError ? e.status : null,
          error: e.name,
        });
        await sleep(delayMs);
      }
    }
  }

  /** A call refused before any HTTP: ProviderOverloadedError (PROVIDER_UNAVAILABLE), or ProviderTimeoutError when the budget is spent. */
  function refused(req: HttpRequest, traced: Context | undefined, why: Refusal | "open" | "queue", detail?: string): ProviderError {
    const call = { provider, endpoint: req.endpoint, method: req.method, url: redactUrl(base + req.path) };
    const message = detail ?? (why === "spent" ? "request time budget spent" : REFUSALS[why]);
    const error = why === "spent" ? new ProviderTimeoutError(call, 0, "budget") : new ProviderOverloadedError(call, message);
    callRefused(traced, provider, req.endpoint, error.code, message);
    return error;
  }

  function failed(error: ProviderUnavailableError, log = logger): void {
    const status = error instanceof ProviderHttpError ? error.status : null;
    const issues = error instanceof ProviderSchemaError ? error.issues.map((i) => i.path || "(root)") : undefined;
    log?.warn(
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
    load: () => cap.load(),
    failed,
  };
}

type Refusal = "spent" | "half-open" | "short-probe";
const REFUSALS = {
  "half-open": "circuit half-open: one probe call is testing the provider",
  "short-probe": "circuit open: its probe call needs more time than this request has left",
  open: "circuit open: too many recent calls failed",
  queue: "too many calls queued",
} as const;

/**
 * cockatiel's SamplingBreaker takes a minimum rate (calls per second over its window), we take a
 * minimum count: the rate that makes `minCalls` calls over the window it really uses (it splits
 * the window into at least 5 slices of whole milliseconds), less half a call so float rounding
 * cannot ask for one call more.
 */
export function minimumRps(minCalls: number, windowMs: number): number {
  const slices = Math.max(5, Math.ceil(windowMs / 1000));
  const duration = Math.round(windowMs / slices) * slices;
  return (Math.max(minCalls, 1) - 0.5) * (1000 / duration);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
    if (mustParse) throw new ProviderSchemaError(call, "response body is not valid JSON", undefined, { retryable: true });
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

function toProviderError(call: CallInfo, e: unknown, timeoutMs: number, limitedBy: "provider" | "budget"): ProviderError {
  if (e instanceof ProviderError) return e;
  if (e instanceof ExchangeTimeoutError) return new ProviderTimeoutError(call, timeoutMs, limitedBy);
  // undici's request API throws the socket error itself (ECONNRESET, UND_ERR_SOCKET…); fetch
  // wraps it as TypeError("fetch failed") with the socket error as cause.
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const code = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? null) : null;
  const detail = cause instanceof Error ? (code ?? cause.name) : "unknown";
  return new ProviderNetworkError(call, `network failure (${detail})`, code);
}
