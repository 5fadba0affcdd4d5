import type { Rng } from "../../shared/random.js";
import type { IdSequence } from "../ids.js";
import { round2 } from "../logistics.js";
import type { AccountData, SimStockOrder } from "../state.js";
import { BASE_TIME, DAY, HOUR } from "../time.js";
import { sample, weighted } from "./pick.js";
import { WAREHOUSES } from "./vocab.js";

/** Merchant stock levels for a share of the account's SKUs (before orders lock any of it). */
export function seedInventory(rng: Rng, account: AccountData, share: number): void {
  for (const sku of account.skus.values()) {
    if (!rng.chance(share)) continue;
    account.inventory.set(sku.skuId, {
      skuId: sku.skuId,
      productId: sku.productId,
      availableQty: rng.chance(0.1) ? 0 : rng.int(5, 400),
      reservedQty: 0,
      inTransitQty: 0,
      warehouseName: rng.pick(WAREHOUSES),
      updTime: BASE_TIME - rng.int(1, 60) * DAY,
    });
  }
}

/**
 * Stock-up orders (internal order type 6, §6.3). Status codes are INVENTED: 1 pending review,
 * 2 purchasing, 3 in transit, 4 stocked in, 5 cancelled. Quantities still on the way count as
 * the SKU's inTransitQty.
 */
export function seedStockOrders(rng: Rng, ids: IdSequence, account: AccountData, count: number): void {
  const stocked = [...account.inventory.values()];
  if (stocked.length === 0) return;
  const orders: SimStockOrder[] = [];
  for (let i = 0; i < count; i++) {
    const status =
      i < 5
        ? i + 1
        : weighted(rng, [
            [1, 1],
            [2, 2],
            [3, 3],
            [4, 6],
            [5, 1],
          ] as const);
    const crtTime = BASE_TIME - rng.int(1, 150) * DAY - rng.int(0, 23) * HOUR;
    const items = sample(rng, stocked, rng.int(1, Math.min(4, stocked.length))).map((level) => {
      const num = rng.int(2, 30) * 10;
      if (status === 2 || status === 3) level.inTransitQty += num;
      return { skuId: level.skuId, productId: level.productId, num, receivedNum: status === 4 ? num : 0 };
    });
    const amount = round2(items.reduce((sum, it) => sum + (account.skus.get(it.skuId)?.price ?? 0) * 0.8 * it.num, 0));
    const arrivalTime = status === 4 ? Math.min(BASE_TIME - HOUR, crtTime + rng.int(5, 20) * DAY) : null;
    orders.push({ stockOrderId: ids.next("stock"), status, amount, items, crtTime, arrivalTime });
  }
  account.stockOrders = orders.sort((a, b) => b.crtTime - a.crtTime);
}
