import type { Country, Zone } from "./countries.js";

/**
 * Shipping channels and freight. INVENTED: HyperSKU's channel list and pricing were not found
 * (hypersku-api.md §4.7). The formula is deterministic so quotes and order freight agree:
 *
 *   freight = round2((base + per100g × ceil(totalWeightGrams / 100)) × zoneFactor[country zone])
 *
 * A channel is offered when it serves the country's zone and the parcel is under its weight cap,
 * so every served country gets 2–4 channels.
 */

export interface Channel {
  logisticsId: string;
  logisticsName: string;
  /** Last-mile carriers a parcel on this channel is handed to (tracking numbers follow them). */
  carriers: readonly string[];
  base: number;
  per100g: number;
  minDeliveryDays: number;
  maxDeliveryDays: number;
  zones: readonly Zone[];
  maxWeightGrams: number;
}

export const CHANNELS: readonly Channel[] = [
  {
    logisticsId: "9001",
    logisticsName: "HyperSKU Standard",
    carriers: ["Yanwen", "YunExpress"],
    base: 3.5,
    per100g: 0.45,
    minDeliveryDays: 8,
    maxDeliveryDays: 15,
    zones: [1, 2, 3, 4],
    maxWeightGrams: 30_000,
  },
  {
    logisticsId: "9002",
    logisticsName: "HyperSKU Express",
    carriers: ["DHL eCommerce"],
    base: 8.9,
    per100g: 0.95,
    minDeliveryDays: 4,
    maxDeliveryDays: 8,
    zones: [1, 2, 3, 4],
    maxWeightGrams: 30_000,
  },
  {
    logisticsId: "9003",
    logisticsName: "YunExpress Special Line",
    carriers: ["YunExpress"],
    base: 4.2,
    per100g: 0.55,
    minDeliveryDays: 7,
    maxDeliveryDays: 12,
    zones: [1, 2, 3],
    maxWeightGrams: 20_000,
  },
  {
    logisticsId: "9004",
    logisticsName: "4PX Economy",
    carriers: ["4PX"],
    base: 2.6,
    per100g: 0.38,
    minDeliveryDays: 12,
    maxDeliveryDays: 25,
    zones: [1, 2],
    maxWeightGrams: 2_000,
  },
];

const ZONE_FACTOR: Record<Zone, number> = { 1: 1, 2: 1.15, 3: 1.3, 4: 1.5 };

export interface QuoteLine {
  skuId: string;
  num: number;
  /** grams per unit */
  unitWeight: number;
}

export interface Quote {
  channel: Channel;
  freight: number;
  totalWeight: number;
  details: Array<{ skuId: string; num: number; weight: number; freight: number }>;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export function freightFor(channel: Channel, country: Country, totalWeightGrams: number): number {
  return round2((channel.base + channel.per100g * Math.ceil(totalWeightGrams / 100)) * ZONE_FACTOR[country.zone]);
}

/** Every channel that serves `country` for these lines, cheapest first. */
export function quote(country: Country, lines: readonly QuoteLine[]): Quote[] {
  const totalWeight = lines.reduce((sum, l) => sum + l.unitWeight * l.num, 0);
  return CHANNELS.filter((ch) => ch.zones.includes(country.zone) && totalWeight <= ch.maxWeightGrams)
    .map((channel) => {
      const freight = freightFor(channel, country, totalWeight);
      const details = lines.map((l) => {
        const weight = l.unitWeight * l.num;
        return { skuId: l.skuId, num: l.num, weight, freight: totalWeight ? round2((freight * weight) / totalWeight) : 0 };
      });
      return { channel, freight, totalWeight, details };
    })
    .sort((a, b) => a.freight - b.freight);
}

export function findChannel(logisticsId: string): Channel | undefined {
  return CHANNELS.find((ch) => ch.logisticsId === logisticsId);
}
