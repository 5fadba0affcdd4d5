import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";

/**
 * Real entry processes for the entry tests: spawn, wait for an HTTP answer (bounded), stop
 * with SIGTERM and collect the exit code, so a test sees exactly what an operator would.
 */

export interface Started {
  child: ChildProcess;
  output: () => string;
  /** The exit code, once the process ended by itself or by `stop`. */
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code (the entries drain and exit 0). */
  stop: () => Promise<number | null>;
}

/** A port that was free a moment ago: the entries print their public URL from PORT, so 0 will not do. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address !== "object") throw new Error("no port");
  return address.port;
}

export function start(args: string[], env: Record<string, string>, cwd: string): Started {
  // Only PATH from the parent: the entry must not pick up the test runner's own settings.
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (b: Buffer) => (out += b.toString("utf8")));
  child.stderr?.on("data", (b: Buffer) => (out += b.toString("utf8")));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return {
    child,
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Polls `url` until it answers `status`, the process exits, or `timeoutMs` passes. */
export async function waitFor(url: string, started: Started, timeoutMs: number, status = 200): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.child.exitCode !== null) throw new Error(`exited with ${started.child.exitCode} before answering:\n${started.output()}`);
    const res = await fetch(url).catch(() => null);
    if (res?.status === status) return res;
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The TCP ports a process listens on, read from Linux's /proc: its socket inodes
 * (/proc/<pid>/fd) matched against the listening sockets of /proc/net/tcp and tcp6. Whatever
 * the process opened, by whatever code, shows here; nothing is inferred from its output.
 */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const target = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return ""; // closed between the listing and the read
      }
    })();
    const m = /^socket:\[(\d+)\]$/.exec(target);
    if (m) inodes.add(m[1]!);
  }
  const ports = new Set<number>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is col 1 (ADDR:PORT in hex), st col 3 (0A = LISTEN), inode col 9.
      if (cols.length > 9 && cols[3] === "0A" && inodes.has(cols[9]!)) ports.add(Number.parseInt(cols[1]!.split(":").pop()!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}
