import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Comparison, judge, report } from "../../scripts/schema-check/compare.js";
import { type Acknowledgement, parseSchemaChecks, REASON_PLACEHOLDER } from "../../scripts/schema-check/config.js";
import { schemaCheck } from "../../scripts/schema-check/run.js";

const before = `type Query { orders: [String!]!  countries: [String!]  old: Int }`;
const pair = (newSdl: string, file = "schema.graphql"): Comparison[] => [{ file, base: "release v1", oldSdl: before, newSdl }];
const ack = (a: Partial<Acknowledgement> & Pick<Acknowledgement, "path" | "type">): Acknowledgement => ({ reason: "on purpose", ...a });

describe("schema check: judging a diff", () => {
  it("fails on an unacknowledged breaking change and prints the entry that acknowledges it", async () => {
    const verdict = await judge(pair(`type Query { orders: [String!]  countries: [String!]  old: Int }`), []);
    expect(verdict.failed).toBe(true);
    expect(verdict.rows).toEqual([expect.objectContaining({ status: "NOT ACKNOWLEDGED", path: "Query.orders", type: "FIELD_TYPE_CHANGED", level: "BREAKING" })]);
    const entry = ["  - schema: schema.graphql", "    path: Query.orders", "    type: FIELD_TYPE_CHANGED", `    reason: "${REASON_PLACEHOLDER}"`].join("\n");
    expect(report(verdict)).toContain(entry);

    // The printed entry, pasted with a real reason, is exactly what makes the check pass.
    const pasted = `release: { tag: v1, commit: ${"a".repeat(40)} }\nfiles: [{ path: schema.graphql }]\nacknowledged:\n${entry.replace(REASON_PLACEHOLDER, "clients null-check it")}\n`;
    const again = await judge(pair(`type Query { orders: [String!]  countries: [String!]  old: Int }`), parseSchemaChecks(pasted).acknowledged);
    expect(again.failed).toBe(false);
  });

  it("passes when every breaking change is acknowledged by path and type", async () => {
    const sdl = `type Query { orders: [String!]  countries: [String!] }`;
    const acks = [ack({ path: "Query.orders", type: "FIELD_TYPE_CHANGED" }), ack({ path: "Query.old", type: "FIELD_REMOVED" })];
    const verdict = await judge(pair(sdl), acks);
    expect(verdict.failed).toBe(false);
    expect(verdict.rows.map((r) => [r.path, r.status]).sort()).toEqual([
      ["Query.old", "acknowledged"],
      ["Query.orders", "acknowledged"],
    ]);
    expect(report(verdict)).toContain("2 breaking (2 acknowledged), 0 dangerous");
  });

  it("matches on path and type, not on a look-alike, and honours an entry's file", async () => {
    const sdl = `type Query { orders: [String!]  countries: [String!]  old: Int }`;
    for (const wrong of [
      ack({ path: "Query.orders", type: "FIELD_REMOVED" }),
      ack({ path: "Query.countries", type: "FIELD_TYPE_CHANGED" }),
      ack({ path: "Query.orders", type: "FIELD_TYPE_CHANGED", schema: "subgraph.graphql" }),
    ]) {
      const verdict = await judge(pair(sdl), [wrong]);
      expect(verdict.failed).toBe(true);
      expect(verdict.unusedAcks).toEqual([wrong]);
    }
  });

  it("prints dangerous changes without failing", async () => {
    const verdict = await judge(pair(`type Query { orders(first: Int): [String!]!  countries: [String!]  old: Int }`), []);
    expect(verdict.failed).toBe(false);
    expect(verdict.rows).toEqual([expect.objectContaining({ status: "dangerous", path: "Query.orders.first", type: "FIELD_ARGUMENT_ADDED" })]);
    expect(report(verdict)).toMatch(/dangerous\s+DANGEROUS\s+schema\.graphql\s+FIELD_ARGUMENT_ADDED\s+Query\.orders\.first/);
  });

  it("diffs a federation SDL as a subgraph: an entity's removal is breaking", async () => {
    const link = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])`;
    const old = `${link}\ntype Order @key(fields: "id") { id: ID! }\ntype Sku @key(fields: "id") { id: ID! }\ntype Query { order: Order }`;
    const now = `${link}\ntype Order @key(fields: "id") { id: ID! }\ntype Query { order: Order }`;
    const verdict = await judge([{ file: "subgraph.graphql", base: "b", oldSdl: old, newSdl: now }], []);
    expect(verdict.rows.filter((r) => r.level === "BREAKING").map((r) => [r.type, r.path])).toEqual([
      ["TYPE_REMOVED", "Sku"],
      ["UNION_MEMBER_REMOVED", "_Entity"],
    ]);
  });

  it("in a subgraph, @inaccessible on an existing field and a dropped @key are breaking; @inaccessible on a new field is not", async () => {
    const link = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@inaccessible"])`;
    const old = `${link}\ntype Order @key(fields: "id") @key(fields: "orderId") { id: ID! orderId: String! }\ntype Query { order: Order  orders: [Order!] }`;
    const now = `${link}\ntype Order @key(fields: "id") { id: ID! orderId: String! }\ntype Query { order: Order  orders: [Order!] @inaccessible  admin: Int @inaccessible }`;
    const verdict = await judge([{ file: "subgraph.graphql", base: "b", oldSdl: old, newSdl: now }], []);
    expect(verdict.rows.filter((r) => r.level === "BREAKING").map((r) => [r.type, r.path])).toEqual([
      ["DIRECTIVE_USAGE_OBJECT_REMOVED", "Order.@key"],
      ["DIRECTIVE_USAGE_FIELD_DEFINITION_ADDED", "Query.orders.@inaccessible"],
    ]);
    expect(verdict.rows.some((r) => r.path === "Query.admin.@inaccessible")).toBe(false);
  });

  it("refuses an entry whose reason is still the placeholder", () => {
    const text = `release: { tag: v1, commit: ${"a".repeat(40)} }\nfiles: [{ path: schema.graphql }]\nacknowledged:\n  - { path: Query.orders, type: FIELD_TYPE_CHANGED, reason: "${REASON_PLACEHOLDER}" }\n`;
    expect(() => parseSchemaChecks(text)).toThrow(/acknowledged\.0\.reason: replace the placeholder/);
  });
});

describe("schema check: git bases", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const env = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.test", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.test" };
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  const commit = (cwd: string, sdl: string, message: string) => {
    writeFileSync(join(cwd, "schema.graphql"), sdl);
    git(cwd, "add", "-A");
    git(cwd, "commit", "-q", "-m", message);
    return git(cwd, "rev-parse", "HEAD");
  };
  const checksFile = (cwd: string, release: string) =>
    writeFileSync(join(cwd, "schema-checks.yaml"), `release: { tag: v1, commit: ${release} }\nfiles: [{ path: schema.graphql }]\nacknowledged:\n`);

  /** release (a), then main adds `b`; a branch off main removes `b`, which the release never had. */
  function repo() {
    const dir = mkdtempSync(join(tmpdir(), "schema-check-"));
    dirs.push(dir);
    git(dir, "init", "-q", "-b", "main");
    const release = commit(dir, "type Query { a: Int }\n", "release");
    checksFile(dir, release);
    commit(dir, "type Query { a: Int b: Int }\n", "main adds b");
    git(dir, "checkout", "-q", "-b", "feature");
    return { dir, release };
  }

  it("on a branch, also diffs against main's merge-base: a break of something main added since the release fails", async () => {
    const { dir } = repo();
    writeFileSync(join(dir, "schema.graphql"), "type Query { a: Int }\n");
    const result = await schemaCheck(dir);
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/NOT ACKNOWLEDGED\s+BREAKING\s+schema\.graphql\s+FIELD_REMOVED\s+Query\.b\s+merge-base main/);
    expect(result.output).toContain("1 breaking (0 acknowledged)");

    // On main with a clean tree (CI's fresh clone) the merge-base is HEAD: only the release counts.
    git(dir, "checkout", "-q", "-f", "main");
    commit(dir, "type Query { b: Int }\n", "main removes a");
    const onMain = await schemaCheck(dir);
    expect(onMain.exitCode).toBe(1);
    expect(onMain.output).not.toContain("merge-base");
    expect(onMain.output).toMatch(/FIELD_REMOVED\s+Query\.a\s+release v1/);
  });

  it("says a shallow clone lacks the release base, and exits 2", async () => {
    const { dir } = repo();
    const shallow = join(dir, "shallow");
    git(dir, "clone", "-q", "--depth", "1", "--branch", "main", `file://${dir}`, shallow);
    const result = await schemaCheck(shallow);
    expect(result.exitCode).toBe(2);
    expect(result.output).toMatch(/release v1 [0-9a-f]{40} is not in this shallow clone: run `git fetch --unshallow`/);
  });
});

describe("schema check: this repository", () => {
  it("passes against the release base, every breaking change acknowledged", async () => {
    const result = await schemaCheck();
    expect(result.output).toContain("schema check: passed");
    expect(result.output).not.toContain("NOT ACKNOWLEDGED");
    expect(result.output).toMatch(/acknowledged\s+BREAKING\s+schema\.graphql\s+FIELD_TYPE_CHANGED\s+Query\.orders\s+release v0\.1\.0/);
    expect(result.exitCode).toBe(0);
  }, 30_000);
});
