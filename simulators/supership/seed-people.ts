import type { Rng } from "../shared/random.js";

/** Vocabulary for seeded receivers: plausible Vietnamese names, phones, streets and goods. */

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
const MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Hoàng", "Gia", "Bảo", "Đức", "Kim"];
const GIVEN = [
  "An",
  "Bình",
  "Châu",
  "Dũng",
  "Giang",
  "Hà",
  "Hải",
  "Hạnh",
  "Hiếu",
  "Hoa",
  "Hùng",
  "Khánh",
  "Lan",
  "Linh",
  "Long",
  "Mai",
  "Nam",
  "Nga",
  "Phúc",
  "Quân",
  "Sơn",
  "Tâm",
  "Thảo",
  "Trang",
  "Tuấn",
  "Vy",
  "Yến",
];
const MOBILE_PREFIXES = ["090", "091", "093", "097", "098", "086", "070", "079", "077", "083", "085", "088", "032", "035", "039"];
const STREETS = [
  "Lê Lợi",
  "Nguyễn Huệ",
  "Trần Hưng Đạo",
  "Hai Bà Trưng",
  "Lý Thường Kiệt",
  "Điện Biên Phủ",
  "Cách Mạng Tháng Tám",
  "Nguyễn Trãi",
  "Phan Đình Phùng",
  "Lê Duẩn",
  "Võ Văn Tần",
  "Pasteur",
  "Âu Cơ",
  "Lũy Bán Bích",
  "Xuân Thủy",
  "Kim Mã",
];
export const GOODS = [
  "Áo thun",
  "Quần jean",
  "Giày thể thao",
  "Tai nghe",
  "Ốp lưng điện thoại",
  "Bình giữ nhiệt",
  "Balo",
  "Sạc dự phòng",
  "Mỹ phẩm",
  "Sách",
  "Đồng hồ",
  "Túi xách",
];

export function personName(rng: Rng): string {
  return `${rng.pick(FAMILY)} ${rng.pick(MIDDLE)} ${rng.pick(GIVEN)}`;
}

export function mobilePhone(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 9_999_999)).padStart(7, "0");
}

export function streetAddress(rng: Rng): string {
  const alley = rng.chance(0.3) ? `Hẻm ${rng.int(2, 99)}, ` : "";
  return `${alley}${rng.int(1, 350)} ${rng.pick(STREETS)}`;
}
