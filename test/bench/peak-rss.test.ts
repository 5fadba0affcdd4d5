import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { peakRssMb } from "../../bench/peak-rss.js";

/**
 * The bench's peak RSS is the API process's own (issue 17, target 18). A spawned process starts
 * as a fork of its spawner and the kernel keeps maxrss across execve, so `resourceUsage().maxRSS`
 * of a small child of a large parent reports the parent's size; VmHWM does not.
 */

const root = resolve(import.meta.dirname, "../..");

describe("peak RSS of the bench's API process", () => {
  it("reads VmHWM (kB) as MiB", () => {
    expect(peakRssMb("Name:\tnode\nVmHWM:\t  235876 kB\nVmRSS:\t  100000 kB\n")).toBe(230.3);
  });

  it("a small child of a large parent reports its own peak, not the parent's", async () => {
    const ballast = Buffer.alloc(400 * 1024 * 1024, 1); // the parent's RSS at the spawn: > 400 MiB
    const code = `const { peakRssMb } = await import(${JSON.stringify(resolve(root, "bench/peak-rss.ts"))}); console.log(JSON.stringify({ own: peakRssMb(), maxRss: process.resourceUsage().maxRSS / 1024 }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: root });
    expect(ballast[ballast.length - 1]).toBe(1);
    const { own, maxRss } = JSON.parse(stdout) as { own: number; maxRss: number };
    expect(maxRss).toBeGreaterThan(400); // what the bench reported before: the parent's size
    expect(own).toBeLessThan(250);
  });
});
