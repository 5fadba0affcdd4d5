// `npm run build`, second step: tsc emits only .js, but the emitted code reads some files
// next to itself at run time (src/http/persisted-documents.ts and graphiql.ts open src/http/persisted-documents.json
// relative to import.meta.url). Copy every non-TypeScript file of src/ into the output
// directory at the same relative path. src/demo/ is not built (tsconfig.build.json).
// Usage: node scripts/copy-assets.mjs [outDir]   (default: dist)
import { cpSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

const outDir = process.argv[2] ?? "dist";
const skip = new Set([join("src", "demo")]);
let copied = 0;

function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip.has(path)) continue;
    if (entry.isDirectory()) walk(path);
    else if (!entry.name.endsWith(".ts")) {
      cpSync(path, join(outDir, relative("src", path)));
      copied++;
    }
  }
}

walk("src");
process.stdout.write(`copied ${copied} asset file(s) from src/ to ${outDir}/\n`);
