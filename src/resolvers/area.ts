import type { StandardSchemaV1 } from "@pothos/plugin-validation";
import { InputValidationError } from "../domain/errors.js";
import { areaLists } from "../loaders/area.js";
import { areaNameKey } from "../providers/supership/area-names.js";
import type { Context } from "./context.js";

/**
 * Area names. Every SuperShip endpoint but the Areas API takes province/district/commune
 * *names*, and the docs' own examples mix full and short forms ("Thành phố Hồ Chí Minh",
 * "Hồ Chí Minh"; supership-api.md §2.3). The graph resolves what a client sends against the
 * Areas API, ignoring the unit prefix, case, diacritics and leading zeros, and sends
 * SuperShip the canonical name, the safe choice §2.3 recommends. An unknown name is an
 * input error naming the field, raised before anything is sent.
 */

const find = <T extends { name: string }>(list: readonly T[], name: string) => list.find((a) => areaNameKey(a.name) === areaNameKey(name));

/** The area named `name` in the kept list, else in the list read again (an area SuperShip added since). */
async function findArea<T extends { name: string }>(kept: readonly T[], again: () => Promise<T[]>, name: string): Promise<T | undefined> {
  return find(kept, name) ?? find(await again(), name);
}

export interface AreaNames {
  province: string;
  district: string;
  commune?: string;
}

/** Where each name sits in the GraphQL input, for the issue paths (e.g. `["input", "receiver", "district"]`). */
export type AreaPaths = Record<keyof AreaNames, ReadonlyArray<string>>;

export type Issue = StandardSchemaV1.Issue;

/** Canonical names, or the issues that name the field that did not resolve. */
export async function resolveArea(ctx: Context, names: AreaNames, paths: AreaPaths): Promise<{ names: AreaNames } | { issues: Issue[] }> {
  const areas = areaLists(ctx);
  const fail = (field: keyof AreaNames, what: string, value: string) => ({
    issues: [{ path: [...paths[field]], message: `unknown ${what} "${value}" (use a name from the areas queries)` }],
  });

  const province = await findArea(await areas.provinces(), () => areas.recheck.provinces(), names.province);
  if (!province) return fail("province", "province", names.province);
  const district = await findArea(await areas.districts(province.code), () => areas.recheck.districts(province.code), names.district);
  if (!district) return fail("district", `district of ${province.name}`, names.district);
  if (names.commune === undefined) return { names: { province: province.name, district: district.name } };
  const communes = await areas.communes(district.code);
  // A district without commune data cannot be checked here: the name goes as given and SuperShip judges it.
  if (communes.length === 0) return { names: { province: province.name, district: district.name, commune: names.commune } };
  const commune = await findArea(communes, () => areas.recheck.communes(district.code), names.commune);
  if (!commune) return fail("commune", `commune of ${district.name}`, names.commune);
  return { names: { province: province.name, district: district.name, commune: commune.name } };
}

export interface AreaRequest {
  names: AreaNames;
  paths: AreaPaths;
}

/** Resolves several areas at once; every unresolved field is reported in one InputValidationError. */
export async function resolveAreas<W extends Record<string, AreaRequest>>(ctx: Context, wanted: W): Promise<{ [K in keyof W]: AreaNames }> {
  const keys = Object.keys(wanted);
  const results = await Promise.all(keys.map((k) => resolveArea(ctx, wanted[k]!.names, wanted[k]!.paths)));
  const issues = results.flatMap((r) => ("issues" in r ? r.issues : []));
  if (issues.length > 0) throw new InputValidationError(issues);
  return Object.fromEntries(keys.map((k, i) => [k, (results[i] as { names: AreaNames }).names])) as { [K in keyof W]: AreaNames };
}
