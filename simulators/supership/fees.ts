import { DAY_MS, dateVn, hourVn, weekdayVn } from "./time.js";

/**
 * INVENTED pricing: SuperShip documents no formula (§5 C1, §11.5). Deterministic and kept in one
 * object so docs/providers/supership.md can quote it:
 * - express ("Tốc Hành"): 22 000 đ same province, 30 000 đ inter-province, for the first 500 g,
 *   plus 5 000 đ per started 500 g above that; weight above 20 000 g is refused (422);
 * - economy ("Tiết Kiệm"): offered only inside Hà Nội or inside HCMC, 20% cheaper than express;
 * - insurance: 0 for a value up to 1 000 000 đ, else 0.5% of the value rounded to 1 000 đ
 *   (matches the create-order example, 8 000 for 1 600 000; the price example's 1% does not);
 * - return fee (set on "Xác Nhận Hoàn"): half the shipment fee; barter fee: 10 000 đ.
 */
export const FEE_RULES = {
  sameProvinceBase: 22_000,
  interProvinceBase: 30_000,
  includedGrams: 500,
  stepGrams: 500,
  stepFee: 5_000,
  maxWeightGrams: 20_000,
  economyDiscount: 0.2,
  economyProvinces: ["01", "79"] as readonly string[],
  insuranceFreeUpTo: 1_000_000,
  insuranceRate: 0.005,
  returnFeeShare: 0.5,
  barterFee: 10_000,
} as const;

export const SERVICE_EXPRESS = "Tốc Hành";
export const SERVICE_ECONOMY = "Tiết Kiệm";

export function shipmentFee(sameProvince: boolean, weightGrams: number): number {
  const base = sameProvince ? FEE_RULES.sameProvinceBase : FEE_RULES.interProvinceBase;
  const steps = Math.max(0, Math.ceil((weightGrams - FEE_RULES.includedGrams) / FEE_RULES.stepGrams));
  return base + steps * FEE_RULES.stepFee;
}

export function insuranceFee(value: number): number {
  if (value <= FEE_RULES.insuranceFreeUpTo) return 0;
  return Math.round((value * FEE_RULES.insuranceRate) / 1000) * 1000;
}

export interface Eta {
  name: string;
  date?: string;
  time?: string;
}
export interface PriceQuote {
  service: string;
  fee: number;
  insurance: number;
  pickup: Eta;
  delivery: Eta;
}

const WEEKDAYS = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

/** "Chiều nay - 03/07/2018", "Sáng mốt - 05/07/2018" (§5 C1); `legacy` adds the old date/time keys. */
function eta(now: number, days: number, part: "Sáng" | "Chiều", legacy: boolean): Eta {
  const at = now + days * DAY_MS;
  const when = days === 0 ? `${part} nay` : days === 1 ? `${part} mai` : days === 2 ? `${part} mốt` : `${part} ${WEEKDAYS[weekdayVn(at)]}`;
  const name = `${when} - ${dateVn(at)}`;
  return legacy ? { date: dateVn(at), time: when, name } : { name };
}

/** One entry per available service (§5 C1: results is an array). ETAs are invented too. */
export function quote(args: { fromProvince: string; toProvince: string; weight: number; value: number; now: number; legacy?: boolean }): PriceQuote[] {
  const same = args.fromProvince === args.toProvince;
  const legacy = args.legacy ?? false;
  const morning = hourVn(args.now) < 12;
  const pickup = morning ? eta(args.now, 0, "Chiều", legacy) : eta(args.now, 1, "Sáng", legacy);
  const fee = shipmentFee(same, args.weight);
  const insurance = insuranceFee(args.value);
  const quotes: PriceQuote[] = [{ service: SERVICE_EXPRESS, fee, insurance, pickup, delivery: eta(args.now, same ? 1 : 3, "Sáng", legacy) }];
  if (same && FEE_RULES.economyProvinces.includes(args.fromProvince)) {
    const economy = Math.round(fee * (1 - FEE_RULES.economyDiscount));
    quotes.push({ service: SERVICE_ECONOMY, fee: economy, insurance, pickup, delivery: eta(args.now, 2, "Chiều", legacy) });
  }
  return quotes;
}
