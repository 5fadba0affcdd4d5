import { cpSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join, posix, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The Dockerfile read as data, for test/deploy/dockerfile.test.ts and .ci/run, so the test, CI's
 * Docker-less production start and the image follow one file. Only the forms the Dockerfile
 * uses: line continuations, `ARG` defaults before the first `FROM`, `FROM … AS name`, exec-form
 * (JSON) `CMD` and `HEALTHCHECK … CMD`, `ENV k=v …`, `COPY [--from=…] [--chown=…] src… dest`.
 *
 * CLI (from the repository root, .ci/run uses it):
 *   tsx test/deploy/dockerfile.ts runtime-files <buildDir> <runtimeDir>   copy what the runtime stage copies from the build stage
 *   tsx test/deploy/dockerfile.ts healthcheck                            print the HEALTHCHECK command, one argument per line
 */

export interface Instruction {
  op: string;
  args: string;
  line: number;
}

export interface Copy {
  from: string | null;
  chown: string | null;
  sources: string[];
  dest: string;
}

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  stages: Stage[];
}

const root = resolve(import.meta.dirname, "../..");
export const DOCKERFILE = join(root, "Dockerfile");

export function parseDockerfile(text: string): Dockerfile {
  const logical: Instruction[] = [];
  let pending = "";
  let start = 0;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!pending && (line === "" || line.startsWith("#"))) return;
    if (pending && line.startsWith("#")) return; // a comment inside a continued instruction
    if (!pending) start = i + 1;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1).trim()} `;
      return;
    }
    const full = pending + line;
    pending = "";
    const m = /^(\S+)\s*(.*)$/.exec(full);
    if (m) logical.push({ op: m[1]!.toUpperCase(), args: m[2]!, line: start });
  });
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const ins of logical) {
    if (ins.op === "FROM") {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`Dockerfile:${ins.line}: cannot read FROM ${ins.args}`);
      const image = m[1]!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => {
        const value = args.get((a ?? b)!);
        if (value === undefined) throw new Error(`Dockerfile:${ins.line}: ARG ${a ?? b} has no default`);
        return value;
      });
      stages.push({ name: m[2] ?? String(stages.length), image, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.op !== "ARG") throw new Error(`Dockerfile:${ins.line}: only ARG may come before FROM`);
      const m = /^(\w+)=(\S+)$/.exec(ins.args);
      if (m) args.set(m[1]!, m[2]!);
    } else stages[stages.length - 1]!.instructions.push(ins);
  }
  return { stages };
}

export function readDockerfile(file = DOCKERFILE): Dockerfile {
  return parseDockerfile(readFileSync(file, "utf8"));
}

export const all = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op);
export const last = (stage: Stage, op: string) => all(stage, op).at(-1);

export function copies(stage: Stage): Copy[] {
  return all(stage, "COPY").map((ins) => {
    const words = ins.args.split(/\s+/);
    const flags = new Map<string, string>();
    while (words[0]?.startsWith("--")) {
      const [k, v = ""] = words.shift()!.slice(2).split("=");
      flags.set(k!, v);
    }
    const dest = words.pop();
    if (!dest || words.length === 0) throw new Error(`Dockerfile:${ins.line}: COPY needs a source and a destination`);
    return { from: flags.get("from") ?? null, chown: flags.get("chown") ?? null, sources: words, dest };
  });
}

/** WORKDIR of a stage (absolute); paths in COPY destinations and CMD are relative to it. */
export function workdir(stage: Stage): string {
  return last(stage, "WORKDIR")?.args ?? "/";
}

/** Where a COPY puts one source, as an absolute path in the stage's file system. */
export function destination(stage: Stage, copy: Copy, source: string): string {
  const dest = posix.resolve(workdir(stage), copy.dest);
  return copy.dest.endsWith("/") || copy.sources.length > 1 ? posix.join(dest, posix.basename(source)) : dest;
}

/** `ENV a=b c=d` (and the legacy `ENV a b`) as one record, later values winning. */
export function env(stage: Stage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ins of all(stage, "ENV")) {
    if (!ins.args.includes("=")) {
      const [k, ...v] = ins.args.split(/\s+/);
      out[k!] = v.join(" ");
      continue;
    }
    for (const m of ins.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) out[m[1]!] = m[2]!.replace(/^"|"$/g, "");
  }
  return out;
}

/** An exec-form command (`["node", "x.js"]`); a shell-form one is refused, it would need /bin/sh -c. */
export function execForm(text: string, what: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === "string")) throw new Error(`${what} must be exec form: ["node", "…"]`);
  return parsed;
}

export function cmd(stage: Stage): string[] {
  const ins = last(stage, "CMD");
  if (!ins) throw new Error("the runtime stage has no CMD");
  return execForm(ins.args, "CMD");
}

/** The HEALTHCHECK's options (`--interval=30s` …) and its command. */
export function healthcheck(stage: Stage): { options: Record<string, string>; command: string[] } {
  const ins = last(stage, "HEALTHCHECK");
  if (!ins) throw new Error("the runtime stage has no HEALTHCHECK");
  const m = /^((?:--\S+\s+)*)CMD\s+(.*)$/.exec(ins.args);
  if (!m) throw new Error(`Dockerfile:${ins.line}: HEALTHCHECK must be [options] CMD [...]`);
  const options = Object.fromEntries(
    m[1]!
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((o) => o.slice(2).split("=") as [string, string]),
  );
  return { options, command: execForm(m[2]!, "HEALTHCHECK CMD") };
}

export const runtimeStage = (df: Dockerfile) => df.stages.at(-1)!;

/**
 * What the runtime stage copies out of an earlier stage, as [path in that stage relative to its
 * WORKDIR, path in the runtime stage relative to its WORKDIR] pairs.
 */
export function runtimeFiles(df: Dockerfile): Array<[string, string]> {
  const runtime = runtimeStage(df);
  return copies(runtime).flatMap((copy) => {
    if (copy.from === null) return [];
    const from = df.stages.find((s) => s.name === copy.from);
    if (!from) throw new Error(`COPY --from=${copy.from}: no such stage`);
    return copy.sources.map((source): [string, string] => [
      posix.relative(workdir(from), posix.resolve(workdir(from), source)),
      posix.relative(workdir(runtime), destination(runtime, copy, source)),
    ]);
  });
}

/**
 * Lays out the runtime stage's files without Docker: each `COPY --from=` source of `buildDir`
 * to its place in `runtimeDir`. Paths in `link` are symlinked instead (the test links a full
 * node_modules it must not copy).
 */
export function copyRuntimeFiles(df: Dockerfile, buildDir: string, runtimeDir: string, link: ReadonlyArray<string> = []): void {
  for (const [from, to] of runtimeFiles(df)) {
    const target = join(runtimeDir, to);
    mkdirSync(dirname(target), { recursive: true });
    if (link.includes(from)) symlinkSync(resolve(buildDir, from), target);
    else cpSync(join(buildDir, from), target, { recursive: true, verbatimSymlinks: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command, ...rest] = process.argv.slice(2);
  const df = readDockerfile();
  if (command === "runtime-files" && rest.length === 2) copyRuntimeFiles(df, rest[0]!, rest[1]!);
  else if (command === "healthcheck" && rest.length === 0) process.stdout.write(`${healthcheck(runtimeStage(df)).command.join("\n")}\n`);
  else {
    process.stderr.write("usage: tsx test/deploy/dockerfile.ts runtime-files <buildDir> <runtimeDir> | healthcheck\n");
    process.exit(2);
  }
}
