import type { Rng } from "../shared/random.js";
import { pathTo } from "./status-table.js";

/**
 * Where seeded deliveries stand: older orders mostly settled, recent ones in transit or awaiting
 * pickup, and every status 2..27 present at least once (tests can find an example of each).
 */

/** Oldest → newest; spread evenly over shop S100001's deliveries. */
const COVERAGE = ["16", "17", "27", "21", "26", "25", "12", "13", "22", "20", "19", "18", "24", "15", "14", "11", "10", "23", "9", "8", "7", "6", "5", "4", "3", "2"];

export function coverageAt(k: number, n: number): string | undefined {
  const j = COVERAGE.findIndex((_, i) => Math.floor((i * n) / COVERAGE.length) === k);
  return j >= 0 ? COVERAGE[j] : undefined;
}

type Weighted = ReadonlyArray<readonly [string, number]>;
const OLD: Weighted = [
  ["16", 70],
  ["12", 10],
  ["17", 8],
  ["21", 4],
  ["13", 3],
  ["27", 2],
  ["22", 1],
  ["26", 1],
  ["25", 1],
];
const MIDDLE: Weighted = [
  ["12", 35],
  ["16", 15],
  ["11", 15],
  ["23", 8],
  ["10", 6],
  ["9", 4],
  ["14", 6],
  ["15", 3],
  ["24", 2],
  ["18", 2],
  ["19", 2],
  ["20", 2],
];
const RECENT: Weighted = [
  ["2", 15],
  ["3", 10],
  ["4", 10],
  ["7", 10],
  ["8", 10],
  ["9", 8],
  ["23", 12],
  ["10", 8],
  ["11", 12],
  ["5", 3],
  ["6", 2],
];

function weightedPick(rng: Rng, table: Weighted): string {
  let roll = rng.next() * table.reduce((s, [, w]) => s + w, 0);
  for (const [status, w] of table) if ((roll -= w) < 0) return status;
  return table[table.length - 1]![0];
}

/** `age` is 0 for the oldest delivery and close to 1 for the newest. */
export function pickTargetStatus(rng: Rng, age: number): string {
  return weightedPick(rng, age < 0.6 ? OLD : age < 0.85 ? MIDDLE : RECENT);
}

/** A legal path from "1" to `target`; half of the linehauls go 9 → 10 instead of 23. */
export function seedPath(target: string, rng: Rng): string[] {
  const path = pathTo(target);
  const i = path.indexOf("23");
  if (i >= 0 && target !== "23" && rng.chance(0.5)) path.splice(i, 1, "9", "10");
  return path;
}

/** Reason codes attached to exception statuses on seeded journeys. */
export const SEED_REASONS: Readonly<Record<string, string>> = { "5": "202", "6": "201", "14": "304", "15": "303", "22": "201", "26": "201" };
