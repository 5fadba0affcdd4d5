/**
 * How SuperShip area names compare (supership-api.md §2.3, [inferred]): the docs' own examples
 * mix "Thành phố Hồ Chí Minh" and "Hồ Chí Minh", "Huyện Bình Chánh" and "Bình Chánh", so names
 * are matched ignoring the unit prefix, case, diacritics, punctuation and leading zeros.
 * Our resolvers use it to send SuperShip the canonical name; the simulator matches the same way.
 */

const UNIT_PREFIXES = ["thanh pho", "thi tran", "thi xa", "tinh", "quan", "huyen", "phuong", "xa", "tp"];

/** "Thành phố Hồ Chí Minh" = "Ho Chi Minh"; "Phường 08" = "phuong 8" = "8". */
export function areaNameKey(name: string): string {
  let key = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[.,_\-–]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const prefix = UNIT_PREFIXES.find((p) => key.startsWith(`${p} `));
  if (prefix) key = key.slice(prefix.length + 1);
  return key.replace(/\b0+(\d)/g, "$1");
}
