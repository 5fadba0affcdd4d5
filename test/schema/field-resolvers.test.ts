import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = join(import.meta.dirname, "../../src/schema");

describe("schema fields", () => {
  it("expose a property of the same name instead of resolving it (ADR 041: graphql-jit reads such a field inline)", () => {
    // `total: t.field({ type: MoneyRef, resolve: (o) => o.total })` makes the executor call a
    // resolver with its own info object for every order; `t.expose("total", { type: MoneyRef })` does not.
    const identity = /(\b\w+): t\.field\(\{[^\n]*?resolve: \((\w)\) => \2\.\1\b(?![.(?[])/g;
    const found = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(identity)].map((m) => `${f}: ${m[1]}`));
    expect(found).toEqual([]);
  });
});
