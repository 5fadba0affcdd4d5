import { isTerminalDeliveryStatus, normalizeDeliveryStatus } from "../domain/delivery-status.js";
import { toMoney } from "../domain/money.js";
import type { DeliveryCacheView } from "../loaders/context.js";
import type { Logger } from "../logger.js";
import type { Delivery } from "../providers/supership/schemas/order-info.js";
import { Timestamp } from "../providers/supership/schemas/shared.js";
import type { CachedDelivery, Store } from "../store/types.js";
import type { DeliveryCacheHooks, DeliveryEvent } from "./delivery-events.js";

/**
 * The delivery cache (issue 15, docs/decisions/028-delivery-cache.md): SuperShip deliveries per
 * tenant, by code and by soc, in the store (SQLite or Redis), so replicas share it.
 *
 * Filled by every orders/info answer (the delivery loaders, createDelivery, cancelDelivery) and
 * updated by webhook events (applyEvent). Freshness is judged when read, from when the entry
 * was written: `pushedTtlMs` while the tenant's webhook is registered (and was when the entry
 * was written: changes before it were never pushed), `ttlMs` otherwise, at least `terminalTtlMs`
 * for a status SuperShip never leaves. A stale entry is not served, only listed (`known`).
 */

export interface DeliveryCacheOptions {
  store: Store;
  now: () => number;
  ttlMs: number;
  pushedTtlMs: number;
  terminalTtlMs: number;
  logger: Logger;
}

export interface DeliveryCache extends DeliveryCacheHooks {
  /** The cache as `tenantId`'s loaders see it (reads the tenant's push flag once). */
  forTenant(tenantId: string): DeliveryCacheView;
}

/** How many entries `deliveries` and `Order.deliveries` read at most. */
export const KNOWN_LIMIT = 500;

export function createDeliveryCache({ store, now, ttlMs, pushedTtlMs, terminalTtlMs, logger }: DeliveryCacheOptions): DeliveryCache {
  // Kept long enough for any rule to still find it fresh; the listing sees it that long too.
  const retainMs = Math.max(ttlMs, pushedTtlMs, terminalTtlMs);
  const ttl = (storedAt: number, pushSince: number | null, terminal: boolean) => {
    const base = pushSince !== null && storedAt >= pushSince ? pushedTtlMs : ttlMs;
    return terminal ? Math.max(base, terminalTtlMs) : base;
  };
  const isFresh = (storedAt: number, pushSince: number | null, terminal = false) => now() - storedAt < ttl(storedAt, pushSince, terminal);
  // The cache only ever saves calls: a store failure is a miss (or an unsaved entry), logged.
  const quietly = async <T>(what: string, fallback: T, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      logger.warn({ err: e }, `delivery cache: ${what} failed`);
      return fallback;
    }
  };
  // asOf of a fetched answer is when the fetch started: an event pushed after that is newer.
  const put = (tenantId: string, d: Delivery, asOf: number) => store.putCachedDelivery(toEntry(tenantId, d, asOf, now()), retainMs);

  return {
    forTenant(tenantId) {
      let push: Promise<number | null> | undefined;
      const pushSince = () => (push ??= quietly("push flag read", null, () => store.getDeliveryPushSince(tenantId)));
      return {
        fresh: (codes) =>
          quietly("read", [], async () => {
            const [entries, since] = await Promise.all([store.getCachedDeliveries(tenantId, codes), pushSince()]);
            return entries.map((e) => {
              if (!e) return undefined;
              const d = JSON.parse(e.data) as Delivery;
              return isFresh(e.storedAt, since, isTerminalDeliveryStatus(d.statusCode)) ? d : undefined;
            });
          }),
        freshSocs: (socs) =>
          quietly("soc read", [], async () => {
            const [recs, since] = await Promise.all([store.getCachedDeliverySocs(tenantId, socs), pushSince()]);
            return recs.map((r) => (r && isFresh(r.storedAt, since) ? r.code : undefined));
          }),
        now,
        record: async (deliveries, askedAt) => {
          await quietly("write", undefined, async () => void (await Promise.all(deliveries.map((d) => put(tenantId, d, askedAt)))));
        },
        recordSoc: async (soc, d, askedAt) => {
          await quietly("soc write", undefined, async () => {
            if (d) await put(tenantId, d, askedAt);
            await store.putCachedDeliverySoc(tenantId, soc, { code: d?.code ?? null, storedAt: now() }, retainMs);
          });
        },
        known: ({ soc, limit }) => quietly("list", [], async () => (await store.listCachedDeliveries(tenantId, { soc, limit })).map((e) => e.code)),
      };
    },

    async applyEvent(event) {
      const [entry] = await store.getCachedDeliveries(event.tenantId, [event.code]);
      if (!entry) {
        // A delivery we hold nothing of: the soc may now have a newer one than the lookup found.
        if (event.soc) await store.deleteCachedDeliverySoc(event.tenantId, event.soc);
        return;
      }
      const current = JSON.parse(entry.data) as Delivery;
      const at = eventTime(event);
      // Each time against one of its own clock: SuperShip's pushed_at (whole seconds) against the
      // change the entry shows (SuperShip's updated_at), so a late resend of an older change is
      // dropped; and when we received the event against when our fetches started (the entry's
      // asOf: the store refuses the put if a fetch began after the event arrived). Comparing
      // pushed_at with our fetch times instead dropped a change pushed in the same second as the
      // booking that cached the delivery (test/api/push-end-to-end.test.ts).
      if (Date.parse(current.updatedAt) > at + 999) return;
      await put(event.tenantId, withEvent(current, event, at), event.receivedAt);
    },

    async setPushed(tenantId, pushed) {
      // A re-registration keeps the first `since`: entries written meanwhile stay trusted.
      if (pushed && (await store.getDeliveryPushSince(tenantId)) !== null) return;
      await store.setDeliveryPushSince(tenantId, pushed ? now() : null);
    },
  };
}

function toEntry(tenantId: string, d: Delivery, asOf: number, storedAt: number): CachedDelivery {
  return { tenantId, code: d.code, soc: d.senderOrderCode, data: JSON.stringify(d), asOf, createdAt: Date.parse(d.createdAt) || 0, storedAt };
}

/** SuperShip's pushed_at (epoch ms), or when we received the event when it sent none or an unreadable one. */
function eventTime(event: DeliveryEvent): number {
  const parsed = event.pushedAt === null ? undefined : Timestamp.safeParse(event.pushedAt);
  return parsed?.success ? Date.parse(parsed.data) : event.receivedAt;
}

/**
 * The delivery after the event: status, weight, fees as pushed, and the journey with the
 * event appended (no location: a webhook carries none) unless the journey already ends with it.
 */
function withEvent(d: Delivery, e: DeliveryEvent, at: number): Delivery {
  const occurredAt = new Date(at).toISOString();
  const status = normalizeDeliveryStatus(e.status);
  const last = d.events.at(-1);
  const seen = last !== undefined && Date.parse(last.occurredAt) === at && last.status === status;
  const description = e.reasonText ? `${e.statusName}: ${e.reasonText}` : e.statusName;
  return {
    ...d,
    status,
    statusCode: e.status,
    statusName: e.statusName,
    weightGrams: e.weightGrams ?? d.weightGrams,
    fees: {
      ...d.fees,
      ...(e.shipmentFee !== null ? { shipment: toMoney(e.shipmentFee, "VND") } : {}),
      ...(e.insuranceFee !== null ? { insurance: toMoney(e.insuranceFee, "VND") } : {}),
    },
    events: seen ? d.events : [...d.events, { occurredAt, description, location: null, status }],
    updatedAt: occurredAt,
  };
}
