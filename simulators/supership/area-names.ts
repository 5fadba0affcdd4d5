/**
 * How the simulator compares free-text Vietnamese area names (supership-api.md §2.3, §11.3).
 * Documented [inferred] part: the docs' examples mix full and short names ("Thành phố Hồ Chí
 * Minh" / "Hồ Chí Minh", "Huyện Bình Chánh" / "Bình Chánh"), so the unit prefix
 * (Thành phố/Tỉnh/Quận/Huyện/Phường/Xã), case and diacritics are ignored. The doc is silent on
 * the rest; the simulator keeps what it has always done: also "Thị trấn", "Thị xã" and "TP",
 * punctuation as spaces, and leading zeros ("Phường 08" = "Phường 8").
 */

const DOC_PREFIXES = ["thanh pho", "tinh", "quan", "huyen", "phuong", "xa"];
const SIM_PREFIXES = ["thi tran", "thi xa", "tp"];
// Longest first, so "thi xa" wins over "xa"… and "thanh pho" is not read as "tp".
const PREFIXES = [...DOC_PREFIXES, ...SIM_PREFIXES].sort((a, b) => b.length - a.length);

function fold(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .replace(/đ/giu, "d")
    .toLowerCase()
    .replace(/[\s.,_\-–]+/g, " ")
    .trim();
}

/** The key two names share when the simulator takes them for the same area. */
export function areaNameKey(name: string): string {
  const folded = fold(name);
  const prefix = PREFIXES.find((p) => folded.startsWith(`${p} `));
  const bare = prefix ? folded.slice(prefix.length + 1) : folded;
  return bare.replace(/\b0+(\d)/g, "$1");
}
