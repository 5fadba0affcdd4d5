import { context, DiagLogLevel, diag, propagation, type Tracer, trace } from "@opentelemetry/api";
import type { SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace-node";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { TRACER_NAME } from "../providers/tracing.js";

/**
 * OpenTelemetry tracing (docs/decisions/015-tracing.md): the one place an SDK is started, by
 * both entries before the app is built. Off unless OTEL_TRACES_EXPORTER names an exporter
 * (`otlp`, `console`); OTEL_SDK_DISABLED=true wins. Everything else — where spans go
 * (OTEL_EXPORTER_OTLP_ENDPOINT, …_TRACES_ENDPOINT, …_HEADERS), sampling (OTEL_TRACES_SAMPLER),
 * batching (OTEL_BSP_*), resource attributes (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) — the
 * SDK reads from the environment itself. The SDK's packages are loaded only when tracing is on.
 *
 * The code that makes spans uses only `@opentelemetry/api`: the HTTP server span and the
 * operation span (src/http/observe.ts) with the tracer below, and the provider call spans
 * (src/providers/tracing.ts) under whatever span is active, so with tracing off nothing is done.
 */

const DEFAULT_SERVICE_NAME = "fulfillment-graph";
/** How long the drain waits for the last spans to be exported: a dead collector must not hold the exit. */
const SHUTDOWN_LIMIT_MS = 5_000;

let tracer: Tracer | undefined;

/** The tracer of the started SDK; undefined while tracing is off (then no server or operation span is made). */
export const activeTracer = (): Tracer | undefined => tracer;

export type TraceExporterName = "otlp" | "console";

/** The exporters the configuration asks for: none when OTEL_SDK_DISABLED, when unset, or when the list says `none`. */
export function traceExporters(config: Pick<Config, "OTEL_TRACES_EXPORTER" | "OTEL_SDK_DISABLED">): TraceExporterName[] {
  const listed = config.OTEL_TRACES_EXPORTER ?? [];
  if (config.OTEL_SDK_DISABLED || listed.includes("none")) return [];
  return [...new Set(listed.filter((name): name is TraceExporterName => name !== "none"))];
}

export interface Tracing {
  readonly exporters: readonly TraceExporterName[];
  /** Exports every ended span now (tests; the drain calls `shutdown`). */
  forceFlush(): Promise<void>;
  /** Flushes and stops the SDK and unregisters it from the API: tracing is off afterwards. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** Replaces the exporters OTEL_TRACES_EXPORTER names, each behind a SimpleSpanProcessor (tests: an in-memory one). */
  exporters?: SpanExporter[];
  /** Where the SDK's own warnings go (a failed export, a bad OTEL_* value). */
  logger?: Logger;
}

/**
 * Starts the SDK when the configuration turns tracing on, and registers it with the API: the
 * tracer provider, an AsyncLocalStorage context manager, and the W3C trace-context propagator
 * (`traceparent`/`tracestate` in and out; no baggage, so nothing a caller sends in `baggage`
 * reaches the providers). Resolves to undefined, having loaded nothing, when tracing is off.
 */
export async function startTracing(config: Pick<Config, "OTEL_TRACES_EXPORTER" | "OTEL_SDK_DISABLED">, options: TracingOptions = {}): Promise<Tracing | undefined> {
  const exporters = traceExporters(config);
  if (exporters.length === 0) return undefined;
  if (tracer) throw new Error("tracing is already started in this process");
  const { BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider, SimpleSpanProcessor } = await import("@opentelemetry/sdk-trace-node");
  const { W3CTraceContextPropagator } = await import("@opentelemetry/core");
  const { defaultResource, detectResources, envDetector, resourceFromAttributes } = await import("@opentelemetry/resources");

  const { logger } = options;
  if (logger) diag.setLogger(diagLogger(logger), DiagLogLevel.WARN);
  let spanProcessors: SpanProcessor[];
  if (options.exporters) {
    spanProcessors = options.exporters.map((exporter) => new SimpleSpanProcessor(exporter));
  } else {
    spanProcessors = [];
    for (const name of exporters) {
      if (name === "console") {
        spanProcessors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
      } else {
        // OTLP over HTTP with protobuf (the spec's default protocol); endpoint, headers, timeout,
        // compression from OTEL_EXPORTER_OTLP_*; batching from OTEL_BSP_*.
        const protocol = process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
        if (protocol && protocol !== "http/protobuf") logger?.warn({ protocol }, "tracing: only OTLP over http/protobuf is supported; sending http/protobuf");
        const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-proto");
        spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
      }
    }
  }
  // Our default service name, then OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME over it (envDetector).
  const resource = defaultResource()
    .merge(resourceFromAttributes({ "service.name": DEFAULT_SERVICE_NAME }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  tracer = provider.getTracer(TRACER_NAME);
  logger?.info({ exporters }, "tracing on");

  return {
    exporters,
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      tracer = undefined;
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), SHUTDOWN_LIMIT_MS).unref();
      });
      const outcome = await Promise.race([provider.shutdown().then(() => "done" as const), limit]);
      clearTimeout(timer);
      if (outcome === "timeout") logger?.warn({ limitMs: SHUTDOWN_LIMIT_MS }, "tracing: the last spans were not exported in time");
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}

/** The SDK's diagnostics as our log lines: messages and error messages only, never the arguments' objects. */
function diagLogger(logger: Logger) {
  const text = (message: string, args: unknown[]) =>
    [message, ...args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : ""))].filter(Boolean).join(" ");
  return {
    error: (message: string, ...args: unknown[]) => logger.warn({ component: "opentelemetry" }, text(message, args)),
    warn: (message: string, ...args: unknown[]) => logger.warn({ component: "opentelemetry" }, text(message, args)),
    info: (message: string, ...args: unknown[]) => logger.info({ component: "opentelemetry" }, text(message, args)),
    debug: (message: string, ...args: unknown[]) => logger.debug({ component: "opentelemetry" }, text(message, args)),
    verbose: (message: string, ...args: unknown[]) => logger.trace({ component: "opentelemetry" }, text(message, args)),
  };
}
