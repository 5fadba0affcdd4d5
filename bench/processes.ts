import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/**
 * Child processes of the benchmark. Every child is registered here and killed at the end, on
 * an error or a signal (`killAll`); each also exits when its stdin closes, so even a
 * SIGKILLed benchmark leaves no orphan. Children run as `node --import tsx <script>` rather
 * than through the `tsx` binary: that binary forks a second node, and /proc/<pid> must be
 * the process that serves (peak RSS is read from it). Every wait is bounded.
 */

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PARENT_WATCH = "./bench/parent-watch.ts";

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** The last few KB of stderr, for an error message when the child misbehaves. */
  stderrTail(): string;
  exited: Promise<number | null>;
}

const children = new Set<Child>();

export function spawnTs(name: string, script: string, args: string[], env: NodeJS.ProcessEnv, { watchParent = true } = {}): Child {
  const preload = watchParent ? ["--import", PARENT_WATCH] : [];
  const proc = spawn(process.execPath, ["--import", "tsx", ...preload, script, ...args], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  let tail = "";
  proc.stderr!.on("data", (chunk: Buffer) => (tail = (tail + chunk.toString("utf8")).slice(-4_000)));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  if (proc.pid === undefined) throw new Error(`could not start ${name}`);
  const child: Child = { name, proc, pid: proc.pid, stderrTail: () => tail, exited };
  children.add(child);
  void exited.then(() => children.delete(child));
  return child;
}

function failure(child: Child, what: string): Error {
  const tail = child.stderrTail().trim();
  return new Error(`${child.name}: ${what}${tail ? `\n--- stderr of ${child.name} ---\n${tail}` : ""}`);
}

/** The child's first stdout line (simulators print their URLs as one JSON line). */
export function firstLine(child: Child, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.proc.stdout! });
    const timer = setTimeout(() => reject(failure(child, `no output within ${timeoutMs} ms`)), timeoutMs);
    lines.once("line", (line) => (clearTimeout(timer), resolve(line)));
    void child.exited.then((code) => (clearTimeout(timer), reject(failure(child, `exited with code ${code} before printing`))));
  });
}

/** Polls `url` until it answers 200; fails early if the child exits. */
export async function waitForHttp(child: Child, url: string, timeoutMs: number): Promise<void> {
  let exit: number | null | undefined;
  void child.exited.then((code) => (exit = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit !== undefined) throw failure(child, `exited with code ${exit} while starting`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw failure(child, `${url} did not answer within ${timeoutMs} ms`);
}

/** Runs a script to completion (the tenant CLI) with a time limit; returns its stdout. */
export async function runTs(name: string, script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  const child = spawnTs(name, script, args, env, { watchParent: false });
  child.proc.stdin!.end();
  let out = "";
  child.proc.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  const timer = setTimeout(() => child.proc.kill("SIGKILL"), timeoutMs);
  const code = await child.exited;
  clearTimeout(timer);
  if (code !== 0) throw failure(child, `exited with code ${code}`);
  return out;
}

/** Stops one child: SIGTERM (the API drains), SIGKILL after `graceMs`. */
export async function stopChild(child: Child, graceMs = 5_000): Promise<void> {
  child.proc.kill("SIGTERM");
  const timer = setTimeout(() => child.proc.kill("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** SIGTERM every child still running, then SIGKILL whatever is left after `graceMs`. */
export async function killAll(graceMs = 3_000): Promise<void> {
  const running = [...children];
  for (const c of running) c.proc.kill("SIGTERM");
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs).unref());
  await Promise.race([Promise.all(running.map((c) => c.exited)), timeout]);
  for (const c of children) c.proc.kill("SIGKILL");
}

/** Pids of the children running now. */
export function childPids(): number[] {
  return [...children].map((c) => c.pid);
}

/** Last resort from a synchronous `process.on("exit")` handler. */
export function killAllNow(): void {
  for (const c of children) c.proc.kill("SIGKILL");
}
