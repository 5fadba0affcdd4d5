import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Import, importsOf, ROOT, sourceFiles } from "./imports.js";

/**
 * The layering rule (docs/decisions/009-layers.md): imports run one way,
 * http → schema → resolvers → loaders → providers → domain, with auth and store beside them.
 * Each folder lists what it may import; anything else in src is a violation. The only
 * import of simulators/ from src is the demo entry's. The schema may name the domain shapes the
 * providers' schemas output (`import type`), never call a provider or read an endpoint table.
 */

const LAYERS: Record<string, readonly string[]> = {
  "src/domain": [],
  "src/store": ["src/domain"],
  "src/providers": ["src/domain"],
  "src/loaders": ["src/providers", "src/domain"],
  "src/auth": ["src/providers", "src/store", "src/domain", "src/config.ts", "src/logger.ts"],
  "src/resolvers": ["src/loaders", "src/auth", "src/providers", "src/store", "src/domain", "src/config.ts", "src/logger.ts"],
  "src/schema": ["src/resolvers", "src/loaders", "src/auth", "src/domain", "src/config.ts"],
  "src/http": ["src/schema", "src/resolvers", "src/loaders", "src/auth", "src/providers", "src/store", "src/domain", "src/config.ts", "src/logger.ts"],
  // Leaves every layer above providers may use: the environment schema and the logger factory.
  "src/config.ts": ["src/domain"],
  "src/logger.ts": ["src/domain"],
  // Entries and the composition root: they wire everything, never the simulators.
  "src/app.ts": ["src/"],
  "src/server.ts": ["src/"],
  "src/cli": ["src/"],
  // The demo entry is the one place that starts the simulators.
  "src/demo": ["src/", "simulators/"],
};

/** The most specific rule for a file (longest matching prefix). */
function layerOf(file: string): string | undefined {
  return Object.keys(LAYERS)
    .filter((prefix) => file === prefix || file.startsWith(prefix.endsWith(".ts") ? prefix : `${prefix}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/** Type-only imports a layer may make besides its list. */
const TYPES_FROM: Record<string, readonly string[]> = { "src/schema": ["src/providers", "src/store"] };

function allowed(from: string, { path: to, typeOnly }: Import): boolean {
  const layer = layerOf(from);
  if (!layer) return false;
  if (typeOnly && (TYPES_FROM[layer] ?? []).some((target) => to.startsWith(`${target}/`))) return true;
  if (to.startsWith(`${layer}/`) || to === layer) return true;
  return (LAYERS[layer] ?? []).some((target) => to === target || to.startsWith(target.endsWith("/") || target.endsWith(".ts") ? target : `${target}/`));
}

describe("layers", () => {
  const files = sourceFiles("src");

  it("every file of src is in a layer", () => {
    expect(files.filter((file) => !layerOf(file))).toEqual([]);
  });

  it("every import goes down the layer list (no exceptions)", () => {
    const violations = files.flatMap((from) =>
      importsOf(from)
        .filter((i) => !allowed(from, i))
        .map((i) => `${from} → ${i.path}`),
    );
    expect(violations).toEqual([]);
  });

  it("nothing in src but the demo entry imports simulators/", () => {
    const offenders = files.filter((f) => layerOf(f) !== "src/demo" && importsOf(f).some((i) => i.path.startsWith("simulators/")));
    expect(offenders).toEqual([]);
  });

  it("simulators import nothing from src (they are the other side of the contract)", () => {
    const offenders = sourceFiles("simulators").flatMap((f) =>
      importsOf(f)
        .filter((i) => i.path.startsWith("src/"))
        .map((i) => `${f} → ${i.path}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the SDK package imports nothing outside itself, and src imports nothing of packages/ (the image has no packages/)", () => {
    const sdk = sourceFiles("packages/sdk/src").flatMap((f) =>
      importsOf(f)
        .filter((i) => !i.path.startsWith("packages/sdk/src/"))
        .map((i) => `${f} → ${i.path}`),
    );
    const server = files.flatMap((f) =>
      importsOf(f)
        .filter((i) => i.path.startsWith("packages/"))
        .map((i) => `${f} → ${i.path}`),
    );
    expect([...sdk, ...server]).toEqual([]);
  });

  it("schema files reach no provider through the context (resolvers and loaders do)", () => {
    const calls = /\bctx\.(hypersku|supership|app\.providers)\b/;
    const offenders = files.filter((f) => f.startsWith("src/schema/") && calls.test(readFileSync(join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
