import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * A small static import reader for the layering tests: every relative `import … from`,
 * `export … from` and `import("…")` of a TypeScript file, resolved to a repo-relative path.
 * Type-only imports count too: a type is a dependency a successor has to follow.
 */

export const ROOT = resolve(import.meta.dirname, "../..");

const SPECIFIER = /(?:^|[\s;])((?:import|export)\s(type\s)?[^;]*?)from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm;

export function sourceFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  return readdirSync(abs).flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return sourceFiles(relative(ROOT, path));
    return /\.ts$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

export interface Import {
  /** Repo-relative `.ts` path. */
  path: string;
  /** `import type { … }`: erased at run time. */
  typeOnly: boolean;
}

/** Relative imports of one file. */
export function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const out: Import[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[3] ?? m[4] ?? m[5];
    if (!spec?.startsWith(".")) continue;
    out.push({ path: relative(ROOT, resolve(dirname(join(ROOT, file)), spec)).replace(/\.js$/, ".ts"), typeOnly: Boolean(m[2]) });
  }
  return out;
}
