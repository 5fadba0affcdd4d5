import { buildSubgraphSchema } from "@apollo/subgraph";
import { type Change, CriticalityLevel, diff, type Rule } from "@graphql-inspector/core";
import { buildSchema, type GraphQLSchema, parse } from "graphql";
import { type Acknowledgement, REASON_PLACEHOLDER } from "./config.js";

/** One SDL file compared with one base: what the base held (null: the file did not exist there) and what it holds now. */
export type Comparison = { file: string; base: string; oldSdl: string | null; newSdl: string };

export type Status = "acknowledged" | "NOT ACKNOWLEDGED" | "dangerous";
export type Row = { file: string; base: string; level: CriticalityLevel; type: string; path: string; message: string; status: Status };
export type Verdict = { rows: Row[]; nonBreaking: number; absentAtBase: Comparison[]; unusedAcks: Acknowledgement[]; failed: boolean };

const isFederation = (sdl: string) => /\bspecs\.apollo\.dev\/federation\//.test(sdl);

// A federation SDL (`extend schema @link`, `@key` without definitions) builds only as a subgraph;
// building it that way also diffs what a router sees (_Entity's members, _entities, _service).
const build = (sdl: string): GraphQLSchema => (isFederation(sdl) ? buildSubgraphSchema(parse(sdl)) : buildSchema(sdl));

/**
 * graphql-inspector rates every directive usage "dangerous". In a subgraph two are removals: an
 * existing type or field marked `@inaccessible` leaves the supergraph's API, and a dropped `@key`
 * is a key other subgraphs can no longer resolve with.
 */
const federationBreaks: Rule = ({ changes }) =>
  changes.map((change) => {
    if (change.criticality.level !== CriticalityLevel.Dangerous || !change.type.startsWith("DIRECTIVE_USAGE_")) return change;
    const inaccessible = change.type.endsWith("_ADDED") && change.path?.endsWith(".@inaccessible");
    const key = change.type === "DIRECTIVE_USAGE_OBJECT_REMOVED" && change.path?.endsWith(".@key");
    if (!inaccessible && !key) return change;
    const reason = inaccessible ? "@inaccessible removes it from the supergraph" : "other subgraphs may resolve this entity by that key";
    return { ...change, criticality: { level: CriticalityLevel.Breaking, reason } };
  });

/** Changes without a path (schema-level ones) are named by their type alone; an acknowledgement then uses `(schema)`. */
const pathOf = (change: Change) => change.path ?? "(schema)";

const matches = (ack: Acknowledgement, row: Pick<Row, "file" | "type" | "path">) =>
  ack.path === row.path && ack.type === row.type && (ack.schema === undefined || ack.schema === row.file);

/**
 * Diffs every comparison with graphql-inspector and judges it: a breaking change fails unless an
 * acknowledgement names its path and type (and, when the entry gives one, its file); dangerous
 * changes are listed, never failing; non-breaking ones are only counted.
 */
export async function judge(comparisons: Comparison[], acks: Acknowledgement[]): Promise<Verdict> {
  const rows: Row[] = [];
  const absentAtBase: Comparison[] = [];
  const used = new Set<Acknowledgement>();
  let nonBreaking = 0;
  for (const comparison of comparisons) {
    if (comparison.oldSdl === null) {
      absentAtBase.push(comparison);
      continue;
    }
    const federation = isFederation(comparison.newSdl);
    const changes = await diff(build(comparison.oldSdl), build(comparison.newSdl), federation ? [federationBreaks] : []);
    for (const change of changes) {
      const level = change.criticality.level;
      if (level === CriticalityLevel.NonBreaking) {
        nonBreaking += 1;
        continue;
      }
      const row = { file: comparison.file, base: comparison.base, level, type: change.type, path: pathOf(change), message: change.message };
      const ack = level === CriticalityLevel.Breaking ? acks.find((a) => matches(a, row)) : undefined;
      if (ack) used.add(ack);
      rows.push({ ...row, status: level === CriticalityLevel.Dangerous ? "dangerous" : ack ? "acknowledged" : "NOT ACKNOWLEDGED" });
    }
  }
  const unusedAcks = acks.filter((a) => !used.has(a));
  return { rows, nonBreaking, absentAtBase, unusedAcks, failed: rows.some((r) => r.status === "NOT ACKNOWLEDGED") };
}

/** The YAML entry that acknowledges a row, to paste under `acknowledged:` in schema-checks.yaml. */
export function acknowledgementEntry(row: Row): string {
  const path = /^[A-Za-z_][\w.]*$/.test(row.path) ? row.path : JSON.stringify(row.path);
  return [`  - schema: ${row.file}`, `    path: ${path}`, `    type: ${row.type}`, `    reason: "${REASON_PLACEHOLDER}"`].join("\n");
}

const ORDER: Record<Status, number> = { "NOT ACKNOWLEDGED": 0, acknowledged: 1, dangerous: 2 };

/**
 * Dangerous directive usages (an `@cacheControl` or `@shareable` put on 40 types) fold into one
 * row per file, base, change type and directive: the table stays readable when a directive spreads.
 */
function fold(rows: Row[]): Row[] {
  const folded = new Map<string, { row: Row; directive: string; count: number }>();
  const kept: Row[] = [];
  for (const row of rows) {
    const directive = /\.(@[\w]+)$/.exec(row.path)?.[1];
    if (row.status !== "dangerous" || !row.type.startsWith("DIRECTIVE_USAGE_") || !directive) {
      kept.push(row);
      continue;
    }
    const key = [row.file, row.base, row.type, directive].join(" ");
    const group = folded.get(key) ?? { row, directive, count: 0 };
    group.count += 1;
    folded.set(key, group);
  }
  const groups = [...folded.values()].map((g) => (g.count === 1 ? g.row : { ...g.row, path: `*.${g.directive} (${g.count} places)` }));
  return [...kept, ...groups].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
}

function table(rows: Row[]): string {
  const head = ["status", "level", "file", "type", "path", "base"] as const;
  const cells = fold(rows).map((r) => [r.status, r.level, r.file, r.type, r.path, r.base]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

/** The report: a table of breaking and dangerous changes, then what to paste for each unacknowledged one. */
export function report(verdict: Verdict): string {
  const out: string[] = [];
  for (const c of verdict.absentAtBase) out.push(`${c.file}: not present at ${c.base}; nothing to compare there.`);
  if (verdict.rows.length > 0) out.push(table(verdict.rows));
  const breaking = verdict.rows.filter((r) => r.level === CriticalityLevel.Breaking);
  const open = verdict.rows.filter((r) => r.status === "NOT ACKNOWLEDGED");
  const dangerous = verdict.rows.length - breaking.length;
  out.push(`${breaking.length} breaking (${breaking.length - open.length} acknowledged), ${dangerous} dangerous, ${verdict.nonBreaking} non-breaking.`);
  for (const ack of verdict.unusedAcks) out.push(`note: acknowledgement ${ack.path} ${ack.type} matched no change (stale? remove it at the next release).`);
  if (open.length > 0) {
    out.push("", "Breaking changes not acknowledged. Messages:");
    out.push(...new Set(open.map((r) => `  ${r.file} ${r.path}: ${r.message}`)));
    out.push("", "If the break is intended, add to `acknowledged:` in schema-checks.yaml, with a real reason:", "");
    const entries = new Set(open.map(acknowledgementEntry));
    out.push(...entries);
  }
  return out.join("\n");
}
