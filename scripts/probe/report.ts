import { PublicError } from "../../src/domain/errors.js";
import { InvalidProviderInputError, ProviderCredentialsRejectedError, ProviderRejectedError, ProviderSchemaError } from "../../src/domain/provider-errors.js";
import { join, type Recording, segment } from "./record.js";

/**
 * The probe's report, the same for both providers: one row per endpoint, the differences as
 * key paths only, and the table. Nothing here prints a value of an answer, a token or an
 * error's message (a provider's message is an answer value too): only paths, HTTP statuses,
 * our error codes and our own hints.
 */

export type Outcome = "yes" | "no" | "error" | "skipped";

export interface Row {
  endpoint: string;
  /** The route template with the configured prefixes, placeholders unfilled. */
  route: string;
  status: number | null;
  parses: Outcome;
  /** "missing: data.rows[].storeOrderId" / "invalid: …": where the answer fails our schema. */
  problems: string[];
  /** Key paths the answer has and our schema never read. */
  unknown: string[];
  note: string;
}

/** A dependency had nothing to give (an empty page, no order code configured): the endpoint was not called. */
export class Skip extends Error {
  override name = "Skip";
}

/** Where a schema issue path starts in the raw body ("data" when HyperSKU's envelope parsed). */
export type IssueBase = (body: unknown) => string;

export function okRow(endpoint: string, route: string, rec: Recording | undefined): Row {
  return { endpoint, route, status: rec?.status ?? null, parses: "yes", problems: [], unknown: rec ? unknownPaths(rec) : [], note: "" };
}

export function failedRow(endpoint: string, route: string, rec: Recording | undefined, e: unknown, base: IssueBase): Row {
  const row: Row = { endpoint, route, status: rec?.status ?? null, parses: "error", problems: [], unknown: rec ? unknownPaths(rec) : [], note: "" };
  if (e instanceof Skip) return { ...row, parses: "skipped", note: e.message };
  if (e instanceof ProviderSchemaError) {
    const problems = rec ? problemPaths(rec.body, base(rec.body), e.issues) : e.issues.map((i) => `invalid: ${i.path || "(root)"}`);
    const note = e.issues.length === 0 ? "body is not JSON" : e.issues.length >= 20 ? "first 20 issues only" : "";
    return { ...row, parses: "no", problems, note };
  }
  if (e instanceof InvalidProviderInputError) return { ...row, note: `probe input rejected before any call (${e.issues.map((i) => i.path || "(root)").join(", ")})` };
  if (e instanceof ProviderRejectedError) {
    const fields = Object.keys(e.fieldErrors).map(segment);
    return { ...row, note: `${e.code}: the provider answered a failure${fields.length ? ` (fields: ${fields.join(", ")})` : ""}` };
  }
  if (e instanceof ProviderCredentialsRejectedError) return { ...row, note: `${e.code}: credentials missing or rejected` };
  if (e instanceof PublicError) return { ...row, note: e.code };
  return { ...row, note: `unexpected ${e instanceof Error ? e.name : typeof e} in the probe` };
}

/** Keys the answer has below the objects the schema looked into, and never read. */
export function unknownPaths(rec: Recording): string[] {
  const out = new Set<string>();
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v, `${path}[]`);
      return;
    }
    if (typeof value !== "object" || value === null || !rec.visited.has(path)) return;
    for (const [key, v] of Object.entries(value)) {
      const p = join(path, key);
      if (rec.known.has(p)) walk(v, p);
      else out.add(p);
    }
  };
  walk(rec.body, "");
  return [...out].sort();
}

/** Each zod issue path, resolved in the raw body: "missing" when nothing is there, else "invalid". */
export function problemPaths(body: unknown, base: string, issues: ReadonlyArray<{ path: string }>): string[] {
  const out = new Set<string>();
  for (const issue of issues) {
    let value: unknown = body;
    let shown = "";
    for (const key of [base, ...issue.path.split(".")].filter((k) => k !== "")) {
      if (Array.isArray(value) && /^\d+$/.test(key)) {
        value = value[Number(key)];
        shown += "[]";
      } else {
        value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
        shown = join(shown, key);
      }
    }
    out.add(`${value === undefined ? "missing" : "invalid"}: ${shown || "(root)"}`);
  }
  return [...out].sort();
}

/** 0: every endpoint parsed; 1: one failed to parse or errored; 2: none failed but some were skipped. */
export function exitCode(rows: readonly Row[]): number {
  if (rows.some((r) => r.parses === "no" || r.parses === "error")) return 1;
  return rows.some((r) => r.parses === "skipped") ? 2 : 0;
}

/** A Markdown table (pastes into an issue as it is) and a one-line count. */
export function formatTable(title: string, rows: readonly Row[]): string {
  const head = ["endpoint", "route", "HTTP", "parses", "missing/invalid paths", "unknown paths", "note"];
  const cells = rows.map((r) => [r.endpoint, r.route, r.status === null ? "-" : String(r.status), r.parses, r.problems.join(", "), r.unknown.join(", "), r.note]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  const count = (o: Outcome) => rows.filter((r) => r.parses === o).length;
  const summary = `${rows.length} endpoints: ${count("yes")} parse, ${count("no")} do not, ${count("error")} errors, ${count("skipped")} skipped`;
  return [title, "", line(head), line(widths.map((w) => "-".repeat(w))), ...cells.map(line), "", summary].join("\n");
}
