/**
 * Communes/wards by district code (GSO codes, pre-2025 structure, best knowledge except Tân Phú,
 * which is the docs' own list, §5 B3). Districts missing here have no commune data: the simulator
 * then accepts any commune name there and adds a type-"5" note, as a data gap, not a provider rule.
 */

type Row = readonly [code: string, name: string];

export const COMMUNE_ROWS: Readonly<Record<string, readonly Row[]>> = {
  // HCMC · Quận Tân Phú (docs §5 B3, exactly)
  "767": [
    ["27037", "Phường Hiệp Tân"], ["27034", "Phường Hòa Thạnh"], ["27028", "Phường Phú Thạnh"],
    ["27025", "Phường Phú Thọ Hòa"], ["27031", "Phường Phú Trung"], ["27016", "Phường Sơn Kỳ"],
    ["27019", "Phường Tân Quý"], ["27010", "Phường Tân Sơn Nhì"], ["27022", "Phường Tân Thành"],
    ["27040", "Phường Tân Thới Hòa"], ["27013", "Phường Tây Thạnh"],
  ],
  // HCMC · Quận 1
  "760": [
    ["26734", "Phường Tân Định"], ["26737", "Phường Đa Kao"], ["26740", "Phường Bến Nghé"],
    ["26743", "Phường Bến Thành"], ["26746", "Phường Nguyễn Thái Bình"], ["26749", "Phường Phạm Ngũ Lão"],
    ["26752", "Phường Cầu Ông Lãnh"], ["26755", "Phường Cô Giang"], ["26758", "Phường Nguyễn Cư Trinh"],
    ["26761", "Phường Cầu Kho"],
  ],
  // HCMC · Quận 3
  "770": [
    ["27127", "Phường 08"], ["27130", "Phường 07"], ["27133", "Phường 14"], ["27136", "Phường 12"],
    ["27139", "Phường 11"], ["27142", "Phường 13"], ["27145", "Phường 06"], ["27148", "Phường 09"],
    ["27151", "Phường 10"], ["27154", "Phường 04"], ["27157", "Phường 05"], ["27160", "Phường 03"],
    ["27163", "Phường 02"], ["27166", "Phường 01"],
  ],
  // HCMC · Quận Bình Thạnh
  "765": [
    ["26881", "Phường 13"], ["26884", "Phường 11"], ["26887", "Phường 27"], ["26890", "Phường 26"],
    ["26893", "Phường 12"], ["26896", "Phường 25"], ["26898", "Phường 05"], ["26899", "Phường 07"],
    ["26902", "Phường 24"], ["26905", "Phường 06"], ["26908", "Phường 14"], ["26911", "Phường 15"],
    ["26914", "Phường 02"], ["26917", "Phường 01"], ["26920", "Phường 03"], ["26923", "Phường 17"],
    ["26926", "Phường 21"], ["26929", "Phường 22"], ["26932", "Phường 19"], ["26935", "Phường 28"],
  ],
  // Hà Nội · Quận Ba Đình
  "001": [
    ["00001", "Phường Phúc Xá"], ["00004", "Phường Trúc Bạch"], ["00006", "Phường Vĩnh Phúc"],
    ["00007", "Phường Cống Vị"], ["00008", "Phường Liễu Giai"], ["00010", "Phường Nguyễn Trung Trực"],
    ["00013", "Phường Quán Thánh"], ["00016", "Phường Ngọc Hà"], ["00019", "Phường Điện Biên"],
    ["00022", "Phường Đội Cấn"], ["00025", "Phường Ngọc Khánh"], ["00028", "Phường Kim Mã"],
    ["00031", "Phường Giảng Võ"], ["00034", "Phường Thành Công"],
  ],
  // Hà Nội · Quận Hoàn Kiếm
  "002": [
    ["00037", "Phường Phúc Tân"], ["00040", "Phường Đồng Xuân"], ["00043", "Phường Hàng Mã"],
    ["00046", "Phường Hàng Buồm"], ["00049", "Phường Hàng Đào"], ["00052", "Phường Hàng Bồ"],
    ["00055", "Phường Cửa Đông"], ["00058", "Phường Lý Thái Tổ"], ["00061", "Phường Hàng Bạc"],
    ["00064", "Phường Hàng Gai"], ["00067", "Phường Chương Dương"], ["00070", "Phường Hàng Trống"],
    ["00073", "Phường Cửa Nam"], ["00076", "Phường Hàng Bông"], ["00079", "Phường Tràng Tiền"],
    ["00082", "Phường Trần Hưng Đạo"], ["00085", "Phường Phan Chu Trinh"], ["00088", "Phường Hàng Bài"],
  ],
  // Hà Nội · Quận Cầu Giấy
  "005": [
    ["00157", "Phường Nghĩa Đô"], ["00160", "Phường Nghĩa Tân"], ["00163", "Phường Mai Dịch"],
    ["00166", "Phường Dịch Vọng"], ["00167", "Phường Dịch Vọng Hậu"], ["00169", "Phường Quan Hoa"],
    ["00172", "Phường Yên Hoà"], ["00175", "Phường Trung Hoà"],
  ],
  // Đà Nẵng · Quận Hải Châu
  "492": [
    ["20194", "Phường Thanh Bình"], ["20195", "Phường Thuận Phước"], ["20197", "Phường Thạch Thang"],
    ["20198", "Phường Hải Châu I"], ["20200", "Phường Hải Châu II"], ["20203", "Phường Phước Ninh"],
    ["20206", "Phường Hòa Thuận Tây"], ["20207", "Phường Hòa Thuận Đông"], ["20209", "Phường Nam Dương"],
    ["20212", "Phường Bình Hiên"], ["20215", "Phường Bình Thuận"], ["20218", "Phường Hòa Cường Bắc"],
    ["20221", "Phường Hòa Cường Nam"],
  ],
};
