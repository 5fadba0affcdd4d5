import type { Rng } from "../../shared/random.js";
import { findCountry } from "../countries.js";
import type { IdSequence } from "../ids.js";
import { deductOrder, lockOrder, releaseOrder } from "../inventory-ops.js";
import { findChannel, quote, round2 } from "../logistics.js";
import type { AccountData, SimOrder, SimOrderItem } from "../state.js";
import { BASE_TIME, DAY, HOUR, MINUTE } from "../time.js";
import { type ParcelOutcome, seedParcel } from "../tracking.js";
import { seedAddress } from "./addresses.js";
import { sample, weighted } from "./pick.js";
import { attrStr } from "./products.js";
import { WAREHOUSES } from "./vocab.js";

/**
 * Seeded orders, oldest first over the 200 days before BASE_TIME. Order `i` is shipped exactly
 * when i % 5 ∈ {3, 4}: the SuperShip simulator seeds a delivery (soc = storeOrderId) for each.
 * The first few orders of each group take every status once so all of §6.1 occurs.
 */

const SHIPPED = [
  [5, 50],
  [4, 30],
  [14, 10],
  [11, 10],
] as const;
const UNSHIPPED = [
  [1, 15],
  [2, 15],
  [3, 12],
  [6, 20],
  [7, 6],
  [8, 12],
  [9, 5],
  [10, 15],
] as const;
const PAID = new Set([2, 3, 4, 5, 7, 11, 14]);
const OUTCOME: Record<number, ParcelOutcome> = { 4: "transit", 14: "transit", 5: "delivered", 11: "returned" };

export const isShippedIndex = (i: number) => i % 5 === 3 || i % 5 === 4;

export function seedOrders(rng: Rng, ids: IdSequence, account: AccountData, count: number, prefix: string): void {
  const skus = [...account.skus.values()];
  const spacing = (200 * DAY) / count;
  let shippedSeen = 0;
  let unshippedSeen = 0;
  for (let i = 1; i <= count; i++) {
    const shipped = isShippedIndex(i);
    const k = shipped ? shippedSeen++ : unshippedSeen++;
    const group = shipped ? SHIPPED : UNSHIPPED;
    const status = k < group.length ? group[k]![0] : weighted(rng, group);
    const crtTime = Math.round(BASE_TIME - (count + 1 - i) * spacing + (rng.next() - 0.5) * 0.6 * spacing);
    const address = seedAddress(rng);
    const country = findCountry(address.countryCode)!;
    const items: SimOrderItem[] = sample(rng, skus, rng.int(1, Math.min(5, skus.length))).map((sku) => {
      const product = account.products.get(sku.productId)!;
      return {
        id: ids.next("item"),
        productId: sku.productId,
        skuId: sku.skuId,
        goodsName: product.title,
        attrStr: attrStr(sku),
        imgUrl: sku.imgUrl,
        num: rng.int(1, 3),
        unitPrice: sku.price,
        weight: sku.weight,
        isInventory: 0,
      };
    });
    const offer = rng.pick(
      quote(
        country,
        items.map((it) => ({ skuId: it.skuId, num: it.num, unitWeight: it.weight })),
      ),
    );
    const amount = round2(items.reduce((sum, it) => sum + it.unitPrice * it.num, 0));
    const paymentTime = PAID.has(status) ? crtTime + rng.int(5 * MINUTE, Math.min(6 * HOUR, (BASE_TIME - crtTime) / 4)) : null;
    const order: SimOrder = {
      orderId: ids.next("order"),
      storeOrderId: `${prefix}${String(i).padStart(6, "0")}`,
      storeOrderName: `#${prefix === "SO-" ? "" : "B"}${1000 + i}`,
      status,
      amount,
      freight: offer.freight,
      actualAmount: round2(amount + offer.freight),
      logisticsId: offer.channel.logisticsId,
      logisticsName: offer.channel.logisticsName,
      crtTime,
      paymentTime,
      updTime: crtTime,
      items,
      address,
      parcels: [],
      remark: rng.chance(0.1) ? "Please pack as a gift" : null,
    };
    account.orders.set(order.orderId, order);
    lockOrder(account, ids, order, crtTime);
    settle(rng, ids, account, order);
  }
}

/** Brings a freshly created order's parcels, stock and updTime in line with its seeded status. */
function settle(rng: Rng, ids: IdSequence, account: AccountData, order: SimOrder): void {
  const from = order.paymentTime ?? order.crtTime;
  const outcome = OUTCOME[order.status];
  if (outcome) {
    const shipAt = from + Math.min(2 * DAY, (BASE_TIME - from) / 3);
    const until = Math.min(shipAt + 20 * DAY, BASE_TIME - 10 * MINUTE);
    const carriers = findChannel(order.logisticsId)?.carriers ?? ["YunExpress"];
    for (let p = 0; p < (order.status === 14 ? 2 : 1); p++) {
      order.parcels.push(seedParcel(rng, rng.pick(carriers), rng.pick(WAREHOUSES), order.address, shipAt, until, outcome));
    }
    deductOrder(account, ids, order, shipAt);
    order.updTime = Math.max(...order.parcels.flatMap((parcel) => parcel.events.map((e) => e.at)));
    return;
  }
  order.updTime = Math.min(BASE_TIME - MINUTE, from + rng.int(1, 72) * HOUR);
  if (order.status === 6 || order.status === 7 || order.status === 10) releaseOrder(account, ids, order, order.updTime);
}
