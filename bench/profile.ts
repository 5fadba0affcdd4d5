import { fileURLToPath } from "node:url";

/**
 * Summarises a V8 CPU profile (node:inspector Profiler.stop) into where the time goes: self
 * time per area (our folders, each npm package, Node internals, GC) and per function, time
 * charged to the nearest project file on the stack, and the share of busy samples whose
 * nearest project frame is simulator code (the simulators share the process in the
 * in-process measurement, so their cost must be told apart from the layer's own).
 */

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  /** Sampled wall time, ms; `idleMs` of it waiting for I/O. */
  totalMs: number;
  idleMs: number;
  /** Busy samples whose nearest project frame is simulator code. */
  simulatorShare: number;
  byArea: Array<{ area: string; ms: number; share: number }>;
  /**
   * Busy time charged to the nearest project file on the stack (src/…, simulators/…), library
   * and runtime frames included: which of our code the time is spent for.
   */
  byProjectFile: Array<{ file: string; ms: number; share: number }>;
  topFunctions: Array<{ fn: string; file: string; area: string; ms: number; share: number }>;
}

/** The area a frame belongs to: `src/<folder>`, `simulators`, an npm package, `node:<module>`, or a V8 pseudo-frame. */
export function areaOf(url: string, functionName: string, root: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1]!;
  if (path.startsWith("node:")) return path.includes("undici") ? "node:undici (fetch)" : `node:${path.replace(/^node:(internal\/)?/, "").split("/")[0]}`;
  if (path.startsWith(root)) {
    const [top, sub] = path.slice(root.length).replace(/^\/+/, "").split("/");
    return top === "src" && sub && !sub.includes(".") ? `src/${sub}` : (top ?? path);
  }
  return path;
}

/** A short location: repo-relative for our files, from the package name for npm files. */
export function fileOf(url: string, root: string): string {
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  const inPkg = path.lastIndexOf("node_modules/");
  if (inPkg >= 0) return path.slice(inPkg + "node_modules/".length);
  return path.startsWith(root) ? path.slice(root.length).replace(/^\/+/, "") : path;
}

const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

export function summarizeProfile(profile: CpuProfile, root: string, top = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the gap before sample i: the time until the next sample belongs to sample i.
  samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0)));

  const isProject = (url: string) => url.startsWith("file://") && !url.includes("/node_modules/") && fileURLToPath(url).startsWith(root);
  const nearestProjectFile = (id: number) => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur)?.callFrame.url ?? "";
      if (isProject(url)) return fileOf(url, root);
    }
    return "(no project frame: HTTP, runtime, GC)";
  };
  let totalUs = 0;
  let idleUs = 0;
  let simUs = 0;
  const areas = new Map<string, number>();
  const projectFiles = new Map<string, number>();
  const fns = new Map<string, { fn: string; file: string; area: string; us: number }>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    totalUs += us;
    if (functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    const owner = nearestProjectFile(id);
    projectFiles.set(owner, (projectFiles.get(owner) ?? 0) + us);
    if (owner.startsWith("simulators/")) simUs += us;
    const area = areaOf(url, functionName, root);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const fn = functionName || "(anonymous)";
    // Line numbers of our .ts files are tsx's output, not the source: name the file only.
    const where = url ? fileOf(url, root) : "";
    const file = where && !where.endsWith(".ts") ? `${where}:${lineNumber + 1}` : where;
    const key = `${fn}@${file}`;
    fns.set(key, { fn, file, area, us: (fns.get(key)?.us ?? 0) + us });
  }
  const busy = Math.max(totalUs - idleUs, 1);
  return {
    totalMs: round(totalUs / 1000),
    idleMs: round(idleUs / 1000),
    simulatorShare: round(simUs / busy, 3),
    byArea: [...areas].sort((a, b) => b[1] - a[1]).slice(0, top).map(([area, us]) => ({ area, ms: round(us / 1000), share: round(us / busy, 3) })),
    byProjectFile: [...projectFiles].sort((a, b) => b[1] - a[1]).slice(0, top).map(([file, us]) => ({ file, ms: round(us / 1000), share: round(us / busy, 3) })),
    topFunctions: [...fns.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(({ fn, file, area, us }) => ({ fn, file, area, ms: round(us / 1000), share: round(us / busy, 3) })),
  };
}
