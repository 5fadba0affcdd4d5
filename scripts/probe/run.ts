import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Config, ConfigError } from "../../src/config.js";
import { startSimulators } from "../../src/demo/simulators.js";
import type { EndpointDef } from "../../src/providers/call.js";
import type { Exchange } from "../../src/providers/exchange.js";
import type { TransportOptions } from "../../src/providers/http.js";
import type { Recorder } from "./record.js";
import { failedRow, type IssueBase, okRow, type Row, Skip } from "./report.js";

/**
 * The probe's runner, shared by both providers: which endpoints are reads (taken from the
 * endpoint table, so a new read endpoint is probed as soon as it has a step), one call each,
 * in table order, each step asking for what earlier answers gave (`need`), memoised so no
 * endpoint is called twice. Also the options, the in-process simulators and the CLI wrapper.
 */

/** The endpoints of a table that are safe to call: `idempotent: true` (never a write). */
export type ReadEndpoint<T> = { [K in keyof T]: T[K] extends { idempotent: true } ? K : never }[keyof T] & string;
type Out<C, K extends keyof C> = C[K] extends (...args: never[]) => Promise<infer R> ? R : never;
export type Need<T, C> = <J extends ReadEndpoint<T> & keyof C>(endpoint: J) => Promise<Out<C, J>>;
/** One step per read endpoint: builds its input (from `need`) and makes the client call, once. */
export type Steps<T, C> = { [K in ReadEndpoint<T> & keyof C]: (need: Need<T, C>) => Promise<Out<C, K>> };

export interface ProbeOptions {
  argv?: string[];
  env?: Record<string, string | undefined>;
  /** Replaces the HTTP exchange (tests: one that edits an answer). */
  exchange?: Exchange;
  /** Where the table goes (default stdout). */
  write?: (text: string) => void;
}

export interface ProbeResult {
  rows: Row[];
  exitCode: number;
}

export const readEndpoints = <T extends Record<string, EndpointDef>>(table: T): ReadEndpoint<T>[] =>
  Object.entries(table)
    .filter(([, def]) => def.idempotent)
    .map(([name]) => name as ReadEndpoint<T>);

/** Runs one call as a row: the recording of its HTTP exchange, parsed or not. */
export async function probeRow<V>(endpoint: string, route: string, rec: Recorder, base: IssueBase, call: () => Promise<V>): Promise<{ row: Row; value?: V }> {
  try {
    const value = await call();
    return { row: okRow(endpoint, route, rec.take(endpoint)), value };
  } catch (e) {
    return { row: failedRow(endpoint, route, rec.take(endpoint), e, base) };
  }
}

export async function probeReads<T extends Record<string, EndpointDef>, C>(
  table: T,
  steps: Steps<T, C>,
  { rec, route, base }: { rec: Recorder; route: (def: EndpointDef) => string; base: IssueBase },
): Promise<Row[]> {
  const rows = new Map<string, Row>();
  const runs = new Map<string, Promise<unknown>>();
  const need = ((endpoint: ReadEndpoint<T> & keyof C) => {
    let run = runs.get(endpoint);
    if (!run) {
      const step = steps[endpoint] as ((n: typeof need) => Promise<unknown>) | undefined;
      run = probeRow(endpoint, route(table[endpoint]!), rec, base, () => (step ? step(need) : Promise.reject(new Skip("no probe step: add one")))).then(
        ({ row, value }) => (
          rows.set(endpoint, row), row.parses === "yes" ? value : Promise.reject(new Skip(`needs ${endpoint}, which ${row.parses === "skipped" ? "was skipped" : "failed"}`))
        ),
      );
      runs.set(endpoint, run);
    }
    return run;
  }) as Need<T, C>;
  const names = readEndpoints(table) as (ReadEndpoint<T> & keyof C)[];
  for (const name of names) await need(name).catch(() => undefined);
  return names.map((name) => rows.get(name)!);
}

/** The first element, or a Skip saying what was missing. */
export function first<V>(rows: readonly V[] | undefined, why: string): V {
  const row = rows?.[0];
  if (row === undefined) throw new Skip(why);
  return row;
}

export const againstSimulators = (argv: readonly string[], env: Record<string, string | undefined>): boolean =>
  argv.includes("--against-simulators") || ["1", "true", "yes"].includes(env.PROBE_AGAINST_SIMULATORS ?? "");

/** Both simulators in this process, on free ports, without latency. */
export const startProbeSimulators = () => startSimulators({ HOST: "127.0.0.1", SIM_HYPERSKU_PORT: 0, SIM_SUPERSHIP_PORT: 0, SIM_LATENCY_MS: 0, SIM_JITTER_MS: 0 });

/** One call per endpoint: no retries, and a breaker that never opens, so every endpoint is really called. */
export const probeTransport = (config: Config): Pick<TransportOptions, "timeoutMs" | "retries" | "breakerMinCalls"> => ({
  timeoutMs: config.PROVIDER_TIMEOUT_MS,
  retries: 0,
  // The circuit can open only once its window holds this many calls: a probe makes a few dozen.
  breakerMinCalls: 1_000_000,
});

/** Runs `main` when the module is the process's entry (`tsx scripts/probe/x.ts`), not when a test imports it. */
export function runIfEntry(moduleUrl: string, main: () => Promise<ProbeResult>): void {
  const entry = process.argv[1];
  if (!entry || pathToFileURL(resolve(entry)).href !== moduleUrl) return;
  main().then(
    (result) => {
      process.exitCode = result.exitCode;
    },
    (e: unknown) => {
      // Never a message of ours that could carry a value, except the config's (variable names and rules).
      process.stderr.write(`probe failed: ${e instanceof ConfigError ? e.message : e instanceof Error ? e.name : typeof e}\n`);
      process.exitCode = 1;
    },
  );
}
