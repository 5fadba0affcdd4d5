import type { Rng } from "../shared/random.js";
import type { ResolvedArea } from "./areas.js";
import type { SupershipState } from "./state.js";

/**
 * Identifier shapes (§2.4, inferred from examples). All come from the state's seeded rng or
 * counters, so a given seed always produces the same codes.
 */

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz0123456789`;
const HEX = "0123456789abcdef";

const draw = (rng: Rng, alphabet: string, n: number) => Array.from({ length: n }, () => rng.pick([...alphabet])).join("");

/** 40-char alphanumeric, like the docs' token example. */
export function newAccessToken(state: SupershipState): string {
  return draw(state.rng, ALNUM, 40);
}

/** `PLOKJ52747`: 5 letters + 5 digits. */
export function newReferral(state: SupershipState): string {
  return draw(state.rng, UPPER, 5) + draw(state.rng, "0123456789", 5);
}

export function newShopCode(state: SupershipState): string {
  return `S${++state.seq.shop}`;
}

/** `W1BZE00005`: W + 4 alphanumerics + 5-digit counter. */
export function newWarehouseCode(state: SupershipState): string {
  return `W${draw(state.rng, `${UPPER}0123456789`, 4)}${String(++state.seq.warehouse).padStart(5, "0")}`;
}

/** UUID with the v1 version nibble, like `6cf2ce20-80e9-11eb-8974-cd483a610abd`. */
export function newPrintToken(state: SupershipState): string {
  const r = state.rng;
  return `${draw(r, HEX, 8)}-${draw(r, HEX, 4)}-1${draw(r, HEX, 3)}-${r.pick([..."89ab"])}${draw(r, HEX, 3)}-${draw(r, HEX, 12)}`;
}

const AREA_PREFIX: Readonly<Record<string, string>> = { "01": "HNI", "79": "SGN", "48": "DNG", "31": "HPG", "92": "CTO", "74": "BDG", "75": "DNI" };

/**
 * `SGNS983262NT.595050186`: pickup area prefix + shop code + suffix + "." + shortcode.
 * INVENTED: suffix NT when sender and receiver share a province, NM otherwise.
 */
export function newOrderCode(state: SupershipState, shop: string, from: ResolvedArea, to: ResolvedArea): { code: string; shortcode: string } {
  const shortcode = String(++state.seq.shortcode).padStart(9, "0");
  const area = AREA_PREFIX[from.province.code] ?? "VNM";
  const suffix = from.province.code === to.province.code ? "NT" : "NM";
  return { code: `${area}${shop}${suffix}.${shortcode}`, shortcode };
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return h;
}

/** `LUC3-J5`: stable per destination (district + commune), as a route label would be. */
export function sortingFor(to: ResolvedArea): string {
  const h = hash(`${to.district.code}/${to.commune.code ?? to.commune.name}`);
  const letter = (n: number) => UPPER[n % 26] as string;
  return `${letter(h)}${letter(h >>> 5)}${letter(h >>> 10)}${1 + ((h >>> 15) % 9)}-${letter(h >>> 19)}${1 + ((h >>> 24) % 9)}`;
}
