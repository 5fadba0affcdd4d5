/**
 * Provinces and districts served by the simulator: GSO codes and names, pre-2025 three-level
 * structure (docs §5 B2 shows that structure; whether SuperShip migrated is unknown).
 * HCMC is exactly the docs' list of 23 (it has no Huyện Cần Giờ); Hà Nội is all 30 units.
 * Communes live in communes-data.ts.
 */

export interface Province {
  code: string;
  name: string;
}

type Row = readonly [code: string, name: string];

export const PROVINCES: readonly Province[] = [
  { code: "01", name: "Thành phố Hà Nội" },
  { code: "31", name: "Thành phố Hải Phòng" },
  { code: "48", name: "Thành phố Đà Nẵng" },
  { code: "74", name: "Tỉnh Bình Dương" },
  { code: "75", name: "Tỉnh Đồng Nai" },
  { code: "79", name: "Thành phố Hồ Chí Minh" },
  { code: "92", name: "Thành phố Cần Thơ" },
];

/** Districts by province code. */
export const DISTRICT_ROWS: Readonly<Record<string, readonly Row[]>> = {
  "01": [
    ["001", "Quận Ba Đình"], ["002", "Quận Hoàn Kiếm"], ["003", "Quận Tây Hồ"], ["004", "Quận Long Biên"],
    ["005", "Quận Cầu Giấy"], ["006", "Quận Đống Đa"], ["007", "Quận Hai Bà Trưng"], ["008", "Quận Hoàng Mai"],
    ["009", "Quận Thanh Xuân"], ["016", "Huyện Sóc Sơn"], ["017", "Huyện Đông Anh"], ["018", "Huyện Gia Lâm"],
    ["019", "Quận Nam Từ Liêm"], ["020", "Huyện Thanh Trì"], ["021", "Quận Bắc Từ Liêm"], ["250", "Huyện Mê Linh"],
    ["268", "Quận Hà Đông"], ["269", "Thị xã Sơn Tây"], ["271", "Huyện Ba Vì"], ["272", "Huyện Phúc Thọ"],
    ["273", "Huyện Đan Phượng"], ["274", "Huyện Hoài Đức"], ["275", "Huyện Quốc Oai"], ["276", "Huyện Thạch Thất"],
    ["277", "Huyện Chương Mỹ"], ["278", "Huyện Thanh Oai"], ["279", "Huyện Thường Tín"], ["280", "Huyện Phú Xuyên"],
    ["281", "Huyện Ứng Hòa"], ["282", "Huyện Mỹ Đức"],
  ],
  "79": [
    ["785", "Huyện Bình Chánh"], ["783", "Huyện Củ Chi"], ["784", "Huyện Hóc Môn"], ["786", "Huyện Nhà Bè"],
    ["760", "Quận 1"], ["771", "Quận 10"], ["772", "Quận 11"], ["761", "Quận 12"], ["769", "Quận 2"],
    ["770", "Quận 3"], ["773", "Quận 4"], ["774", "Quận 5"], ["775", "Quận 6"], ["778", "Quận 7"],
    ["776", "Quận 8"], ["763", "Quận 9"], ["777", "Quận Bình Tân"], ["765", "Quận Bình Thạnh"],
    ["764", "Quận Gò Vấp"], ["768", "Quận Phú Nhuận"], ["766", "Quận Tân Bình"], ["767", "Quận Tân Phú"],
    ["762", "Quận Thủ Đức"],
  ],
  "48": [
    ["490", "Quận Liên Chiểu"], ["491", "Quận Thanh Khê"], ["492", "Quận Hải Châu"], ["493", "Quận Sơn Trà"],
    ["494", "Quận Ngũ Hành Sơn"], ["495", "Quận Cẩm Lệ"], ["497", "Huyện Hòa Vang"], ["498", "Huyện Hoàng Sa"],
  ],
  "31": [
    ["303", "Quận Hồng Bàng"], ["304", "Quận Ngô Quyền"], ["305", "Quận Lê Chân"], ["306", "Quận Hải An"],
    ["307", "Quận Kiến An"], ["308", "Quận Đồ Sơn"], ["309", "Quận Dương Kinh"], ["311", "Huyện Thuỷ Nguyên"],
    ["312", "Huyện An Dương"], ["313", "Huyện An Lão"], ["314", "Huyện Kiến Thuỵ"], ["315", "Huyện Tiên Lãng"],
    ["316", "Huyện Vĩnh Bảo"], ["317", "Huyện Cát Hải"], ["318", "Huyện Bạch Long Vĩ"],
  ],
  "92": [
    ["916", "Quận Ninh Kiều"], ["917", "Quận Ô Môn"], ["918", "Quận Bình Thuỷ"], ["919", "Quận Cái Răng"],
    ["923", "Quận Thốt Nốt"], ["924", "Huyện Vĩnh Thạnh"], ["925", "Huyện Cờ Đỏ"], ["926", "Huyện Phong Điền"],
    ["927", "Huyện Thới Lai"],
  ],
  "74": [
    ["718", "Thành phố Thủ Dầu Một"], ["719", "Huyện Bàu Bàng"], ["720", "Huyện Dầu Tiếng"], ["721", "Thị xã Bến Cát"],
    ["722", "Huyện Phú Giáo"], ["723", "Thị xã Tân Uyên"], ["724", "Thành phố Dĩ An"], ["725", "Thành phố Thuận An"],
    ["726", "Huyện Bắc Tân Uyên"],
  ],
  "75": [
    ["731", "Thành phố Biên Hòa"], ["732", "Thành phố Long Khánh"], ["734", "Huyện Tân Phú"], ["735", "Huyện Vĩnh Cửu"],
    ["736", "Huyện Định Quán"], ["737", "Huyện Trảng Bom"], ["738", "Huyện Thống Nhất"], ["739", "Huyện Cẩm Mỹ"],
    ["740", "Huyện Long Thành"], ["741", "Huyện Xuân Lộc"], ["742", "Huyện Nhơn Trạch"],
  ],
};
