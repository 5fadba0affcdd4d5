import { areaNameKey } from "./area-names.js";
import { DISTRICT_ROWS, PROVINCES, type Province } from "./areas-data.js";
import { COMMUNE_ROWS } from "./communes-data.js";
import type { Fields } from "./input.js";

/** Area lookups by code (Areas API) and by free-text name (price, orders, warehouses; §11.3). */

export interface District {
  code: string;
  name: string;
  province: Province;
}
export interface Commune {
  /** null when the district has no commune data and the name was taken as given. */
  code: string | null;
  name: string;
}
export interface ResolvedArea {
  province: Province;
  district: District;
  commune: Commune;
}

/** The simulator's own name matching (area-names.ts, §2.3 and §11.3). */
export const normaliseAreaName = areaNameKey;

const collator = new Intl.Collator("vi");
const byName = <T extends { name: string }>(a: T, b: T) => collator.compare(a.name, b.name);

/** Lists come back sorted by Vietnamese collation, which reproduces the docs' order (§5 B2, B3). */
export function provinces(): Province[] {
  return [...PROVINCES].sort(byName);
}

export function districtsOf(provinceCode: string): District[] {
  const province = PROVINCES.find((p) => p.code === provinceCode);
  if (!province) return [];
  return (DISTRICT_ROWS[provinceCode] ?? []).map(([code, name]) => ({ code, name, province })).sort(byName);
}

export function communesOf(districtCode: string): Array<{ code: string; name: string }> {
  return (COMMUNE_ROWS[districtCode] ?? []).map(([code, name]) => ({ code, name })).sort(byName);
}

export function findDistrictByCode(code: string): District | undefined {
  for (const p of PROVINCES) {
    const hit = districtsOf(p.code).find((d) => d.code === code);
    if (hit) return hit;
  }
  return undefined;
}

/** Canonical area from codes (seed data). */
export function areaByCodes(districtCode: string, communeCode: string): ResolvedArea | undefined {
  const district = findDistrictByCode(districtCode);
  const commune = communesOf(districtCode).find((w) => w.code === communeCode);
  return district && commune ? { province: district.province, district, commune } : undefined;
}

const sameName = (a: string, b: string) => normaliseAreaName(a) === normaliseAreaName(b);

export function findProvince(name: string): Province | undefined {
  return PROVINCES.find((p) => sameName(p.name, name));
}

export function findDistrict(province: Province, name: string): District | undefined {
  return districtsOf(province.code).find((d) => sameName(d.name, name));
}

/** Resolves `names` (request field names) into canonical areas, recording 422 errors on `fields`. */
export function resolveArea(fields: Fields, names: { province: string; district: string; commune?: string }): ResolvedArea | null {
  const provinceName = fields.text(names.province, { required: true });
  const districtName = fields.text(names.district, { required: true });
  const communeName = names.commune ? fields.text(names.commune, { required: true }) : "";
  if (!provinceName) return null;
  const province = findProvince(provinceName);
  if (!province) return (fields.fail(names.province, `Không tìm thấy Tỉnh/Thành phố "${provinceName}".`), null);
  if (!districtName) return null;
  const district = findDistrict(province, districtName);
  if (!district) return (fields.fail(names.district, `Không tìm thấy Quận/Huyện "${districtName}" thuộc ${province.name}.`), null);
  if (!names.commune) return { province, district, commune: { code: null, name: "" } };
  if (!communeName) return null;
  const known = communesOf(district.code);
  if (known.length === 0) return { province, district, commune: { code: null, name: communeName } };
  const commune = known.find((w) => sameName(w.name, communeName));
  if (!commune) return (fields.fail(names.commune, `Không tìm thấy Phường/Xã "${communeName}" thuộc ${district.name}.`), null);
  return { province, district, commune };
}

export function formatAddress(street: string, area: ResolvedArea): string {
  return [street, area.commune.name, area.district.name, area.province.name].filter(Boolean).join(", ");
}
