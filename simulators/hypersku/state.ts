import type { Rng } from "../shared/random.js";
import type { AuthStore } from "./auth.js";
import type { IdSequence } from "./ids.js";

/**
 * The simulator's in-memory model. Times are epoch milliseconds and money is plain numbers;
 * serialize.ts turns these into the wire DTOs of schemas/ (the simulator's own).
 */

export interface SimSku {
  skuId: string;
  productId: string;
  skuCode: string;
  price: number;
  /** grams per unit */
  weight: number;
  imgUrl: string;
  attributes: Array<{ attrName: string; attrValue: string }>;
}

export interface SimProduct {
  productId: string;
  title: string;
  description: string;
  categoryName: string;
  images: string[];
  skus: SimSku[];
  crtTime: number;
  updTime: number;
}

export interface SimAddress {
  firstName: string;
  lastName: string;
  address: string;
  addressContinued: string | null;
  city: string | null;
  province: string | null;
  zipCode: string | null;
  countryCode: string;
  countryName: string;
  phone: string | null;
  email: string | null;
}

export interface SimOrderItem {
  id: string;
  productId: string;
  skuId: string;
  goodsName: string;
  attrStr: string;
  imgUrl: string;
  num: number;
  unitPrice: number;
  weight: number;
  isInventory: 0 | 1;
}

export interface TrackEvent {
  at: number;
  content: string;
  location: string | null;
}

export interface SimParcel {
  trackingNumber: string;
  expressDelivery: string;
  warehouse: string;
  status: string;
  events: TrackEvent[];
}

export interface SimOrder {
  orderId: string;
  storeOrderId: string;
  storeOrderName: string | null;
  status: number;
  amount: number;
  freight: number;
  actualAmount: number;
  logisticsId: string;
  logisticsName: string;
  crtTime: number;
  paymentTime: number | null;
  updTime: number;
  items: SimOrderItem[];
  address: SimAddress;
  parcels: SimParcel[];
  remark: string | null;
}

export interface SimInventory {
  skuId: string;
  productId: string;
  availableQty: number;
  reservedQty: number;
  inTransitQty: number;
  warehouseName: string;
  updTime: number;
}

export type HistoryType = "LOCK" | "DEDUCT" | "RELEASE" | "INBOUND";

export interface SimHistory {
  id: string;
  orderId: string;
  skuId: string;
  changeQty: number;
  type: HistoryType;
  /** The SKU's available quantity after the movement. */
  balanceQty: number;
  crtTime: number;
}

export interface SimStockOrder {
  stockOrderId: string;
  status: number;
  amount: number;
  items: Array<{ skuId: string; productId: string; num: number; receivedNum: number }>;
  crtTime: number;
  arrivalTime: number | null;
}

export interface AccountData {
  accountId: string;
  products: Map<string, SimProduct>;
  skus: Map<string, SimSku>;
  orders: Map<string, SimOrder>;
  inventory: Map<string, SimInventory>;
  history: SimHistory[];
  stockOrders: SimStockOrder[];
}

/** Everything `/__sim/reset` restores. */
export interface HyperskuData {
  accounts: Map<string, AccountData>;
  ids: IdSequence;
  /** Randomness after the seed (tracking numbers of orders shipped by the control routes). */
  rng: Rng;
}

export interface HyperskuState {
  readonly seed: number;
  /** Replaced wholesale on reset: read it through the state each time, never keep a reference. */
  data: HyperskuData;
  /** Tokens, refresh tokens and authorization codes. They survive reset (see app.ts). */
  readonly auth: AuthStore;
  /**
   * The `Authorization` value the token endpoints require (the app's API key, addendum #1, #2),
   * or null: not checked (the default). Set by the start option or /__sim/hypersku/token-authorization.
   */
  tokenAuthorization: string | null;
  account(accountId: string): AccountData;
}
