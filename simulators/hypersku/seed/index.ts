import { createRng } from "../../shared/random.js";
import { createIds } from "../ids.js";
import type { AccountData, HyperskuData } from "../state.js";
import { seedInventory, seedStockOrders } from "./inventory.js";
import { isShippedIndex, seedOrders } from "./orders.js";
import { seedProducts } from "./products.js";

/**
 * The seed: deterministic from one number, laid out before BASE_TIME (never the wall clock).
 * Account 10001 is the big catalogue (240 products, 520 orders SO-000001…); 10002 a small one
 * (30 products, 40 orders SO2-000001…), so tenant isolation has something to leak.
 */

export const SEED_LAYOUT = [
  { accountId: "10001", products: 240, inventoryShare: 0.4, stockOrders: 20, orders: 520, storeOrderPrefix: "SO-" },
  { accountId: "10002", products: 30, inventoryShare: 0.3, stockOrders: 20, orders: 40, storeOrderPrefix: "SO2-" },
] as const;

export function buildSeed(seed: number): HyperskuData {
  const rng = createRng(seed);
  const ids = createIds();
  const accounts = new Map<string, AccountData>();
  for (const layout of SEED_LAYOUT) {
    const account: AccountData = {
      accountId: layout.accountId,
      products: new Map(),
      skus: new Map(),
      orders: new Map(),
      inventory: new Map(),
      history: [],
      stockOrders: [],
    };
    for (const product of seedProducts(rng, ids, layout.products)) {
      account.products.set(product.productId, product);
      for (const sku of product.skus) account.skus.set(sku.skuId, sku);
    }
    seedInventory(rng, account, layout.inventoryShare);
    seedStockOrders(rng, ids, account, layout.stockOrders);
    seedOrders(rng, ids, account, layout.orders, layout.storeOrderPrefix);
    accounts.set(layout.accountId, account);
  }
  // A separate stream for what happens after the seed, so runtime draws never shift seeded data.
  return { accounts, ids, rng: createRng(seed ^ 0x5eed) };
}

/**
 * storeOrderIds of the seeded orders that shipped (index % 5 ∈ {3, 4}), independent of the seed
 * number: the SuperShip simulator seeds one delivery with `soc = storeOrderId` for each.
 * Without an account: both accounts' ids.
 */
export function shippedStoreOrderIds(accountId?: string): string[] {
  return SEED_LAYOUT.filter((l) => accountId === undefined || l.accountId === accountId).flatMap((l) =>
    Array.from({ length: l.orders }, (_, k) => k + 1)
      .filter(isShippedIndex)
      .map((i) => `${l.storeOrderPrefix}${String(i).padStart(6, "0")}`),
  );
}
