/**
 * Order status codes and names (reference §7.1, docs order 1..22, 0, 23..27). Codes are
 * strings on the wire and stay strings here. Journeys carry only a status *name*, so names
 * are mapped back to codes; the cancelled name is spelled both "Huỷ" and "Hủy" (§2.3), i.e.
 * the tone mark sits on a different letter, so names are compared without diacritics.
 */

export const orderStatuses: ReadonlyArray<{ code: string; name: string }> = [
  ["1", "Chờ Duyệt"],
  ["2", "Chờ Lấy Hàng"],
  ["3", "Đang Lấy Hàng"],
  ["4", "Đã Lấy Hàng"],
  ["5", "Hoãn Lấy Hàng"],
  ["6", "Không Lấy Được"],
  ["7", "Đang Nhập Kho"],
  ["8", "Đã Nhập Kho"],
  ["9", "Đang Chuyển Kho Giao"],
  ["10", "Đã Chuyển Kho Giao"],
  ["11", "Đang Giao Hàng"],
  ["12", "Đã Giao Hàng Toàn Bộ"],
  ["13", "Đã Giao Hàng Một Phần"],
  ["14", "Hoãn Giao Hàng"],
  ["15", "Không Giao Được"],
  ["16", "Đã Đối Soát Giao Hàng"],
  ["17", "Đã Đối Soát Trả Hàng"],
  ["18", "Đang Chuyển Kho Trả"],
  ["19", "Đã Chuyển Kho Trả"],
  ["20", "Đang Trả Hàng"],
  ["21", "Đã Trả Hàng"],
  ["22", "Hoãn Trả Hàng"],
  ["0", "Huỷ"],
  ["23", "Đang Vận Chuyển"],
  ["24", "Xác Nhận Hoàn"],
  ["25", "Hàng Thất Lạc"],
  ["26", "Không Trả Được"],
  ["27", "Đã Bồi Hoàn"],
].map(([code, name]) => ({ code: code!, name: name! }));

/** Case-, spacing- and diacritic-insensitive key ("Hủy", "Huỷ", "HUY" → "huy"); the 28 names stay distinct. */
export function statusNameKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

const codeByKey = new Map(orderStatuses.map((s) => [statusNameKey(s.name), s.code]));

// Journeys repeat the same few dozen names: remember each spelling seen (bounded, so that
// unexpected names cannot grow it without limit) rather than normalising it every time.
const codeByName = new Map<string, string | null>();
const MAX_REMEMBERED_NAMES = 512;

/** The status code for a status name, or null for a name outside the table (fall back gracefully, §7.1). */
export function statusCodeFromName(name: string): string | null {
  let code = codeByName.get(name);
  if (code === undefined) {
    code = codeByKey.get(statusNameKey(name)) ?? null;
    if (codeByName.size < MAX_REMEMBERED_NAMES) codeByName.set(name, code);
  }
  return code;
}

export const CANCELLED_STATUS = "0";
