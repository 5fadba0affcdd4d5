import { createRng, type Rng } from "../shared/random.js";
import { areaByCodes, communesOf, type ResolvedArea, resolveArea } from "./areas.js";
import { SUPERSHIP_DEMO } from "./demo-accounts.js";
import { Fields } from "./input.js";
import { applyStatus, createOrder, type NewOrder } from "./orders.js";
import { GOODS, mobilePhone, personName, streetAddress } from "./seed-people.js";
import { coverageAt, pickTargetStatus, SEED_REASONS, seedPath } from "./seed-statuses.js";
import { type Shop, type SupershipState, shopWarehouses } from "./state.js";
import { HOUR_MS } from "./time.js";
import { createWarehouse } from "./warehouses.js";

/**
 * Deterministic demo world for a seed: both demo shops, their warehouses, and deliveries whose
 * `soc` are the HyperSKU simulator's shipped store orders.
 */

export const SEED_BASE_MS = Date.parse("2025-03-01T08:00:00+07:00");
/**
 * Mirrors the HyperSKU simulator's seed layout: account 10001 has 520 store orders `SO-000001…`,
 * account 10002 has 40 `SO2-000001…`, and those with index % 5 in {3, 4} are shipped. Each
 * shipped one has a delivery here with `soc = storeOrderId`, on S100001 and S100002 respectively.
 */
export const SHIPPED_LAYOUT = [
  { shop: "S100001", storeOrderPrefix: "SO-", orders: 520 },
  { shop: "S100002", storeOrderPrefix: "SO2-", orders: 40 },
] as const;

/** `SO-000003`, `SO-000004`, `SO-000008`, …: the socs of a shop's seeded deliveries (no shop: both). */
export function shippedStoreOrderIds(shopCode?: string): string[] {
  return SHIPPED_LAYOUT.filter((l) => shopCode === undefined || l.shop === shopCode).flatMap((l) =>
    Array.from({ length: l.orders }, (_, k) => k + 1)
      .filter((i) => i % 5 === 3 || i % 5 === 4)
      .map((i) => `${l.storeOrderPrefix}${String(i).padStart(6, "0")}`),
  );
}

function area(province: string, district: string, commune: string): ResolvedArea {
  const a = resolveArea(new Fields({ province, district, commune }), { province: "province", district: "district", commune: "commune" });
  if (!a) throw new Error(`seed area not found: ${province} / ${district} / ${commune}`);
  return a;
}

const HCM = "Hồ Chí Minh";
const HN = "Hà Nội";
const WAREHOUSES: Record<string, Array<{ name: string; address: string; at: [string, string, string]; primary: "1" | "2" }>> = {
  S100001: [
    { name: "Kho Tân Phú", address: "12 Lũy Bán Bích", at: [HCM, "Tân Phú", "Tân Thới Hòa"], primary: "1" },
    { name: "Kho Quận 1", address: "45 Lê Lợi", at: [HCM, "Quận 1", "Bến Nghé"], primary: "2" },
    { name: "Kho Cầu Giấy", address: "88 Xuân Thủy", at: [HN, "Cầu Giấy", "Dịch Vọng Hậu"], primary: "2" },
  ],
  S100002: [
    { name: "Kho Hoàn Kiếm", address: "20 Hàng Bông", at: [HN, "Hoàn Kiếm", "Hàng Bông"], primary: "1" },
    { name: "Kho Bình Thạnh", address: "150 Điện Biên Phủ", at: [HCM, "Bình Thạnh", "Phường 15"], primary: "2" },
  ],
};
const OWNERS = [
  { name: "Nguyễn Văn An", phone: "0901000001", referral: "DEMOA10001" },
  { name: "Trần Thị Bình", phone: "0902000002", referral: "DEMOB10002" },
];
/** Destinations (districts with commune data), HCMC-heavy like the demo shops' market. */
const DESTINATIONS = ["767", "767", "760", "770", "765", "765", "001", "002", "005", "492"];

export function seedState(state: SupershipState): void {
  const rng = createRng(state.seed);
  SUPERSHIP_DEMO.accounts.forEach((acc, i) => {
    const owner = OWNERS[i]!;
    const shop: Shop = { code: acc.shopCode, project: acc.project, email: acc.email, password: acc.password, ...owner, webhook: null };
    state.shops.set(shop.code, shop);
    state.tokens.set(acc.token, shop.code);
    for (const w of WAREHOUSES[shop.code] ?? []) {
      const contact = owner.name;
      createWarehouse(
        state,
        shop.code,
        { name: w.name, address: w.address, phone: owner.phone, contact, area: area(...w.at), primary: w.primary },
        SEED_BASE_MS - 30 * 24 * HOUR_MS,
      );
    }
  });
  for (const { shop } of SHIPPED_LAYOUT) {
    const socs = shippedStoreOrderIds(shop);
    // Every status 2..27 appears on the big shop, so tests can find an example of each.
    const coverage = (k: number) => (shop === "S100001" ? coverageAt(k, socs.length) : undefined);
    socs.forEach((soc, k) => {
      const target = coverage(k) ?? pickTargetStatus(rng, k / socs.length);
      seedDelivery(state, rng, shop, soc, target, SEED_BASE_MS + k * (socs.length > 100 ? 3 : 36) * HOUR_MS);
    });
  }
}

function seedDelivery(state: SupershipState, rng: Rng, shopCode: string, soc: string, target: string, createdAt: number): void {
  const shop = state.shops.get(shopCode)!;
  const w = rng.pick(shopWarehouses(state, shopCode));
  const districtCode = rng.pick(DESTINATIONS);
  const receiverArea = areaByCodes(districtCode, rng.pick(communesOf(districtCode)).code)!;
  const amount = rng.chance(0.75) ? rng.int(8, 250) * 10_000 : 0;
  const goods = rng.pick(GOODS);
  const input: NewOrder = {
    pickup: { warehouse: w.code, name: w.contact, label: w.name, contact: w.contact, phone: w.phone, address: w.address, area: w.area },
    receiver: { name: personName(rng), phone: mobilePhone(rng), email: null, address: streetAddress(rng), area: receiverArea },
    amount,
    value: amount > 0 ? amount : rng.int(10, 300) * 10_000,
    weight: rng.int(2, 60) * 50,
    soc,
    note: rng.chance(0.3) ? "Gọi trước khi giao" : "",
    service: "1",
    config: rng.pick(["1", "2", "3"] as const),
    payer: rng.pick(["1", "2"] as const),
    product: goods,
    products: null,
    barter: "0",
  };
  const order = createOrder(state, shop, input, createdAt);
  let at = createdAt;
  for (const status of seedPath(target, rng).slice(2)) {
    at += rng.int(1, 14) * HOUR_MS + rng.int(0, 59) * 60_000;
    applyStatus(order, status, at, SEED_REASONS[status] ?? "");
  }
}
