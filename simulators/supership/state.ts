import { createRng, type Rng } from "../shared/random.js";
import type { ResolvedArea } from "./areas.js";

/** The simulator's whole mutable world. Entities are plain data; times are epoch ms. */

export interface WebhookRegistration {
  url: string;
  createdAt: number;
  updatedAt: number;
}

export interface Shop {
  code: string;
  project: string;
  name: string;
  phone: string;
  email: string;
  password: string;
  referral: string;
  webhook: WebhookRegistration | null;
}

export interface Warehouse {
  code: string;
  shop: string;
  name: string;
  phone: string;
  contact: string;
  address: string;
  area: ResolvedArea;
  status: "1" | "2";
  primary: "1" | "2";
  createdAt: number;
  updatedAt: number;
}

export interface Party {
  name: string;
  phone: string;
  address: string;
  area: ResolvedArea;
}

export interface ProductItem {
  sku: string;
  name: string;
  price: number;
  weight: number;
  quantity: number;
}

export interface Journey {
  at: number;
  status: string;
  province: string;
  district: string;
  note: string;
}

export interface Order {
  code: string;
  shortcode: string;
  sorting: string;
  soc: string;
  shop: string;
  pickup: Party & { warehouse: string | null; contact: string; label: string };
  receiver: Party & { email: string | null };
  amount: number;
  value: number;
  weight: number;
  fees: { shipment: number; insurance: number; return: number; barter: number; address: number };
  service: "1";
  config: "1" | "2" | "3";
  payer: "1" | "2";
  product: string | null;
  products: ProductItem[] | null;
  barter: "0" | "1";
  partial: "0" | "1";
  note: string;
  status: string;
  reasonCode: string;
  journeys: Journey[];
  notes: Array<{ at: number; type: string; note: string }>;
  createdAt: number;
  updatedAt: number;
  /** Webhook URL captured at creation (§5 E2: a new URL applies only to orders created later). */
  webhookUrl: string | null;
}

export interface PrintJob {
  token: string;
  shop: string;
  codes: string[];
  createdAt: number;
}

export interface WebhookDelivery {
  id: number;
  type: "update_status" | "update_weight";
  code: string;
  status: string;
  url: string;
  payload: Record<string, unknown>;
  attempts: number;
  delivered: boolean;
  /** HTTP status of the last attempt; null when it failed at the network level. */
  lastHttpStatus: number | null;
  error: string | null;
}

export interface SupershipState {
  readonly seed: number;
  now(): number;
  rng: Rng;
  shops: Map<string, Shop>;
  /** bearer token → shop code; a shop may hold several tokens (each login issues one). */
  tokens: Map<string, string>;
  orders: Map<string, Order>;
  /** `${shop} ${soc}` → the newest order with that soc (info?type=2 reads it on every delivery lookup). */
  latestBySoc: Map<string, Order>;
  warehouses: Map<string, Warehouse>;
  printJobs: Map<string, PrintJob>;
  deliveries: WebhookDelivery[];
  seq: { shortcode: number; shop: number; warehouse: number; delivery: number };
}

export function createState(seed: number, now: () => number): SupershipState {
  const state = { seed, now } as SupershipState;
  clearState(state);
  return state;
}

/** Empties the world in place (the returned `state` object stays the same for holders). */
export function clearState(state: SupershipState): void {
  state.rng = createRng(state.seed ^ 0x5eed);
  state.shops = new Map();
  state.tokens = new Map();
  state.orders = new Map();
  state.latestBySoc = new Map();
  state.warehouses = new Map();
  state.printJobs = new Map();
  state.deliveries = [];
  state.seq = { shortcode: 810_000_000, shop: 100_002, warehouse: 7_040, delivery: 0 };
}

export function shopOrders(state: SupershipState, shop: string): Order[] {
  return [...state.orders.values()].filter((o) => o.shop === shop);
}

export function shopWarehouses(state: SupershipState, shop: string): Warehouse[] {
  return [...state.warehouses.values()].filter((w) => w.shop === shop);
}
