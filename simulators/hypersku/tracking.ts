import type { Rng } from "../shared/random.js";
import { digits } from "./seed/pick.js";
import type { SimAddress, SimParcel, TrackEvent } from "./state.js";
import { MINUTE } from "./time.js";

/**
 * International parcels and their tracking events (hypersku-api.md §4.8, INT model: carrier,
 * tracking number, events of processDate/processContent/processLocation). Used by the seed and
 * by the control routes that ship, deliver or return an order.
 */

export function trackingNumber(rng: Rng, carrier: string): string {
  switch (carrier) {
    case "YunExpress":
      return `YT${digits(rng, 16)}`;
    case "Yanwen":
      return `UG${digits(rng, 9)}YW`;
    case "4PX":
      return `4PX30${digits(rng, 11)}CN`;
    default:
      return `GM${digits(rng, 18)}`;
  }
}

type Step = (to: SimAddress) => Omit<TrackEvent, "at">;

const TRANSIT: readonly Step[] = [
  () => ({ content: "Shipment information received", location: "Shenzhen, CN" }),
  () => ({ content: "Parcel picked up by carrier", location: "Shenzhen, CN" }),
  () => ({ content: "Departed from origin sorting center", location: "Shenzhen, CN" }),
  () => ({ content: "Departed from origin airport", location: "Hong Kong, HK" }),
  (to) => ({ content: "Arrived at destination country", location: to.countryName }),
  (to) => ({ content: "Customs clearance completed", location: to.countryName }),
  (to) => ({ content: "Arrived at local delivery facility", location: `${to.city}, ${to.countryCode}` }),
  (to) => ({ content: "Out for delivery", location: `${to.city}, ${to.countryCode}` }),
];
const DELIVERED: Step = (to) => ({ content: "Delivered, signed by recipient", location: `${to.city}, ${to.countryCode}` });
const RETURNED: Step = (to) => ({ content: "Returned to sender: recipient unavailable", location: `${to.city}, ${to.countryCode}` });

export type ParcelOutcome = "transit" | "delivered" | "returned";

const STATUS: Record<ParcelOutcome, string> = { transit: "InTransit", delivered: "Delivered", returned: "Returned" };

/** A parcel just handed over: one "information received" event at `at`. */
export function newParcel(rng: Rng, carrier: string, warehouse: string, to: SimAddress, at: number): SimParcel {
  return { trackingNumber: trackingNumber(rng, carrier), expressDelivery: carrier, warehouse, status: "InfoReceived", events: [{ at, ...TRANSIT[0]!(to) }] };
}

/** A seeded parcel with 3–8 events spread in chronological order over [from, to). */
export function seedParcel(rng: Rng, carrier: string, warehouse: string, address: SimAddress, from: number, until: number, outcome: ParcelOutcome): SimParcel {
  const n = rng.int(3, 8);
  const steps = outcome === "transit" ? TRANSIT.slice(0, n) : [...TRANSIT.slice(0, n - 1), outcome === "delivered" ? DELIVERED : RETURNED];
  const times = steps.map(() => from + Math.floor(rng.next() * (until - from))).sort((a, b) => a - b);
  const events = steps.map((step, i) => ({ at: times[i]! + i * MINUTE, ...step(address) }));
  return { trackingNumber: trackingNumber(rng, carrier), expressDelivery: carrier, warehouse, status: STATUS[outcome], events };
}

/** Appends the final event of a delivered or returned parcel at `at`. */
export function finishParcel(parcel: SimParcel, address: SimAddress, outcome: Exclude<ParcelOutcome, "transit">, at: number): void {
  parcel.events.push({ at, ...(outcome === "delivered" ? DELIVERED : RETURNED)(address) });
  parcel.status = STATUS[outcome];
}
