import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };

/**
 * What the production entry loads, read from the source: every static and dynamic import of
 * src/server.ts, followed transitively through relative paths. No simulator or demo file may
 * be in it (the build would not even emit them), and every package it names must be a
 * runtime dependency, since `npm prune --omit=dev` removes the rest before `node dist/server.js`.
 */

const root = resolve(import.meta.dirname, "../..");

/** Files reached from `entry` (repo-relative), and the bare specifiers they import. */
function walk(entry: string) {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [resolve(root, entry)];
  for (let file = queue.pop(); file; file = queue.pop()) {
    const rel = relative(root, file);
    if (files.has(rel)) continue;
    files.add(rel);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
      if (!fileName.startsWith(".")) {
        packages.add(fileName);
        continue;
      }
      // NodeNext: relative imports name the emitted `.js`; the source beside it is `.ts`.
      const target = join(dirname(file), fileName).replace(/\.js$/, ".ts");
      if (!existsSync(target)) throw new Error(`${rel} imports ${fileName}, which does not resolve to a .ts file`);
      queue.push(target);
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageName = (spec: string) =>
  spec
    .split("/")
    .slice(0, spec.startsWith("@") ? 2 : 1)
    .join("/");
const isBuiltin = (spec: string) => spec.startsWith("node:") || builtinModules.includes(spec);

describe("the production entry's module graph", () => {
  const prod = walk("src/server.ts");

  it("is the application, not a stub", () => {
    expect(prod.files).toEqual(expect.arrayContaining(["src/app.ts", "src/config.ts", "src/http/serve.ts", "src/store/index.ts", "src/schema/index.ts"]));
    expect(prod.files.length).toBeGreaterThan(50);
  });

  it("contains no simulator or demo file", () => {
    expect(prod.files.filter((f) => f.startsWith("simulators/") || f.startsWith("src/demo/"))).toEqual([]);
  });

  it("imports only runtime dependencies and Node built-ins", () => {
    const runtime = new Set(Object.keys(pkg.dependencies));
    const outside = prod.packages.filter((s) => !isBuiltin(s) && !runtime.has(packageName(s)));
    expect(outside).toEqual([]);
    expect(prod.packages).toEqual(expect.arrayContaining(["graphql-yoga", "@hono/node-server", "zod"]));
  });

  it("differs from the demo entry's, which does reach the simulators (the walker sees them)", () => {
    const demo = walk("src/demo/index.ts");
    expect(demo.files).toEqual(expect.arrayContaining(["src/demo/simulators.ts", "simulators/hypersku/index.ts", "simulators/supership/index.ts", "src/server.ts"]));
  });
});
