import { Session } from "node:inspector/promises";
import { measureInProcess } from "./in-process.js";

/**
 * `npm run bench -- --profile`: where the in-process Dashboard's CPU goes. The Dashboard alone
 * (catalogue cache off, as the in-process table's first row) runs `iterations` times in this
 * process with its provider answers replayed (the API alone: no simulator runs meanwhile), only
 * those timed iterations (not the set-up, counted and warm-up executions) under V8's sampling profiler (node:inspector's Profiler, every `intervalUs`); each
 * sample's self time goes to the category of the function it was in, by the file that function
 * comes from: `node_modules/<package>`, `src/<dir>`, `simulators`, `bench`, node's own modules
 * (`node:<module>`, `node:internal/<dir>`), and V8's pseudo-frames (garbage collector, program,
 * idle) and url-less code (`V8 builtins, generated code`: JSON.parse, and the functions graphql-jit
 * and zod generate). The bench's client (its request and reading the answer) is in the same
 * process: its share is the bench's, not the API's. The profiler's own work (node:inspector) is
 * left out. The profiler slows what it samples (about 10–20%); shares, not milliseconds, are the
 * finding.
 */

type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
export type CpuProfile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** The category a function's self time counts to, from its script url (file path or `node:` name). */
export function categoryOf(url: string, functionName: string): string {
  // No script: V8's pseudo-frames, its builtins, and code made with `new Function` (graphql-jit's compiled queries, zod's parsers).
  if (!url) return functionName.startsWith("(") ? functionName.replace(/^\((.*)\)$/, "$1") : "V8 builtins, generated code";
  const path = decodeURIComponent(url.replace(/^file:\/\//, ""));
  const nm = path.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const [a, b] = path.slice(nm + "/node_modules/".length).split("/");
    return a?.startsWith("@") ? `${a}/${b}` : (a ?? "node_modules");
  }
  if (url.startsWith("node:")) {
    const [a, b] = url.slice("node:".length).split("/");
    // node's bundled dependencies (undici behind fetch) by name: node:internal/deps/undici.
    const c = a === "internal" && b === "deps" ? url.split("/")[2] : undefined;
    return a === "internal" && b ? `node:internal/${c ? `deps/${c.replace(/\.js$/, "")}` : b.replace(/\.js$/, "")}` : `node:${a}`;
  }
  const src = path.match(/\/src\/([^/]+)\//);
  if (src) return `src/${src[1]}`;
  for (const dir of ["simulators", "bench", "scripts"]) if (path.includes(`/${dir}/`)) return dir;
  return path.match(/\/src\/[^/]+$/) ? "src" : "other";
}

/** Self time per category (ms and share of the profile), largest first, each with its top functions. */
export function summarizeProfile(profile: CpuProfile, top = 3) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // The profiler's own work (node:inspector, e.g. serializing the profile at `Profiler.stop`) is not the profiled code's.
  const parent = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n.id] as const)));
  const inInspector = (id: number | undefined): boolean => id !== undefined && (byId.get(id)?.callFrame.url === "node:inspector" || inInspector(parent.get(id)));
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) if (!inInspector(id)) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const categories = new Map<string, { us: number; fns: Map<string, number> }>();
  let totalUs = 0;
  for (const [id, us] of self) {
    const { functionName, url } = byId.get(id)!.callFrame;
    const c = categories.get(categoryOf(url, functionName)) ?? { us: 0, fns: new Map<string, number>() };
    categories.set(categoryOf(url, functionName), c);
    const fn = `${functionName || "(anonymous)"}${url ? ` ${url.split("/").slice(-2).join("/")}` : ""}`;
    c.us += us;
    c.fns.set(fn, (c.fns.get(fn) ?? 0) + us);
    totalUs += us;
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  const share = (us: number) => (totalUs ? Math.round((us / totalUs) * 1000) / 1000 : 0);
  return {
    totalMs: ms(totalUs),
    categories: [...categories]
      .sort((a, b) => b[1].us - a[1].us)
      .map(([category, c]) => ({
        category,
        selfMs: ms(c.us),
        share: share(c.us),
        top: [...c.fns]
          .sort((a, b) => b[1] - a[1])
          .slice(0, top)
          .map(([fn, us]) => ({ function: fn, selfMs: ms(us), share: share(us) })),
      })),
  };
}
export type ProfileSummary = ReturnType<typeof summarizeProfile> & {
  generatedAt: string;
  command: string;
  scenario: string;
  iterations: number;
  intervalUs: number;
  nodeVersion: string;
};

export async function profileDashboard(iterations: number, command: string, intervalUs = 200): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: intervalUs });
    let profile: CpuProfile | undefined;
    const timed = {
      start: async () => void (await session.post("Profiler.start")),
      stop: async () => void ({ profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile }),
    };
    const r = await measureInProcess(iterations, { only: ["dashboard"], warm: false, floor: false, timed, timedAlone: true });
    if (!profile) throw new Error("the profiler took no profile");
    const errors = r.results.reduce((n, x) => n + x.errors, 0);
    if (errors > 0) throw new Error(`the profiled Dashboard answered ${errors} errors (${r.results[0]?.firstError})`);
    return { generatedAt: new Date().toISOString(), command, scenario: "dashboard", iterations, intervalUs, nodeVersion: process.version, ...summarizeProfile(profile) };
  } finally {
    session.disconnect();
  }
}
