/** Wire timestamps: Vietnam time (+07:00, no DST) in the two formats the docs show (§2.3). */

const VN_OFFSET_MS = 7 * 3_600_000;

const local = (ms: number) => new Date(ms + VN_OFFSET_MS);

/** `2018-07-03T17:18:29+07:00` */
export function isoVn(ms: number): string {
  return `${local(ms).toISOString().slice(0, 19)}+07:00`;
}

/** `2017-09-29 01:52:09`, as in the webhook registration examples (§5 E1). */
export function plainVn(ms: number): string {
  return local(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** `03/07/2018` */
export function dateVn(ms: number): string {
  const d = local(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export function hourVn(ms: number): number {
  return local(ms).getUTCHours();
}

export function weekdayVn(ms: number): number {
  return local(ms).getUTCDay();
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
