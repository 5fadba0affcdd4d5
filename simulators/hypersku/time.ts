/**
 * Time on the simulator. The seed is laid out before a fixed base time so two runs with the same
 * seed are identical whatever the wall clock says; anything created later uses `control.now()`.
 */

/** 2026-10-01 00:00:00 +08:00. Seeded orders, tracking events and stock movements all precede it. */
export const BASE_TIME = Date.parse("2026-10-01T00:00:00+08:00");

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const CHINA_OFFSET = 8 * HOUR;

/** The wire format "yyyy-MM-dd HH:mm:ss", China time (UTC+8) without a zone (hypersku-api.md §8). */
export function wireTime(ms: number): string {
  return new Date(ms + CHINA_OFFSET).toISOString().slice(0, 19).replace("T", " ");
}

/** `wireTime` for optional values. */
export function wireTimeOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : wireTime(ms);
}
