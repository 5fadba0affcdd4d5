import type DataLoader from "dataloader";
import { isTerminalDeliveryStatus } from "../domain/delivery-status.js";
import { ActiveDeliveryExistsError, InputValidationError, NotAllowedInCurrentStateError, NotFoundError } from "../domain/errors.js";
import { ProviderRejectedError, WriteOutcomeUnknownError } from "../domain/provider-errors.js";
import type { LabelSize } from "../domain/shipment.js";
import type { Order } from "../providers/hypersku/schemas/order.js";
import { isSupershipNotFound } from "../providers/supership/envelope.js";
import type { Delivery } from "../providers/supership/schemas/order-info.js";
import type { Context } from "./context.js";
import { deliveriesOfSoc } from "./delivery.js";
import { buildCreateOrder, type CreateDeliveryArgs, issuesFromFieldErrors } from "./delivery-input.js";
import { exactlyOnce, type FindWrite } from "./idempotency.js";

/**
 * createDelivery (exactly once per idempotency key), cancelDelivery, createShippingLabels.
 * SuperShip itself has no idempotency key and may accept a repeated `soc` as a second order
 * (supership-api.md §8), so exactly-once is ours: the store's idempotency record.
 */

export interface DeliveryLoaders {
  byCode: DataLoader<string, Delivery>;
  bySoc: DataLoader<string, Delivery | null>;
  /** By code and by soc, asking SuperShip whatever the delivery cache holds: what a write must check or show. */
  live: DataLoader<string, Delivery>;
  liveBySoc: DataLoader<string, Delivery | null>;
  orders: DataLoader<string, Order>;
}

/** Raised when orders/add failed in a way that may still have created the delivery. */
const outcomeUnknown = (cause: unknown) =>
  new WriteOutcomeUnknownError(
    cause,
    { provider: "supership", endpoint: "createOrder", method: "POST", url: "-" },
    "DELIVERY_OUTCOME_UNKNOWN",
    "the delivery may or may not have been created: retry with the same idempotency key (never a new one), which answers the delivery if SuperShip has it (looked up by its soc, the senderOrderCode or the order's storeOrderId) or books it once SuperShip confirms it absent",
  );

/** SuperShip's delivery with this soc (orders/info type 2: the most recent one), as the key's stored response; null when there is none. */
export const findCreatedDelivery: FindWrite = async (ctx, soc) => {
  try {
    const delivery = await ctx.supership.orderInfo(soc, { by: "soc" });
    return { response: JSON.stringify({ code: delivery.code }), ref: delivery.code, count: 1 };
  } catch (e) {
    if (isSupershipNotFound(e)) return null;
    throw e;
  }
};

/**
 * Exactly once per idempotency key (resolvers/idempotency.ts). An ambiguous failure answers
 * DELIVERY_OUTCOME_UNKNOWN; the retry with the same key finds the delivery by its soc or books
 * it. A delivery with neither `orderId` nor `senderOrderCode` has no soc: its unknown outcome
 * cannot be looked up, and the retry says so.
 */
export async function createDelivery(ctx: Context, args: CreateDeliveryArgs, loaders: DeliveryLoaders): Promise<Delivery> {
  const { idempotencyKey, allowAdditional, ...rest } = args;
  // Only a `true` is part of the request's fingerprint, so keys stored before the flag existed still match.
  const request = allowAdditional ? { ...rest, allowAdditional } : rest;
  let booked = false;
  const response = await exactlyOnce(ctx, {
    operation: "createDelivery",
    key: idempotencyKey,
    request,
    names: { provider: "SuperShip", noun: "delivery", naturalId: "soc" },
    hint: request.senderOrderCode || null,
    naturalId: async () => request.senderOrderCode || (request.orderId ? (await loaders.orders.load(request.orderId)).storeOrderId : null),
    find: findCreatedDelivery,
    prepare: async () => {
      const body = await buildCreateOrder(ctx, request, loaders.orders);
      if (body.soc && !allowAdditional) await refuseSecondActive(ctx, body.soc, loaders);
      return { body, naturalId: body.soc || null };
    },
    send: async (body) => {
      try {
        const created = await ctx.supership.createOrder(body);
        forget(loaders, created.code, created.soc);
        booked = true;
        return JSON.stringify({ code: created.code });
      } catch (e) {
        // 422: SuperShip named the fields it refused (§8); report them on our input paths.
        if (e instanceof ProviderRejectedError && e.providerCode === "422" && Object.keys(e.fieldErrors).length > 0) {
          throw new InputValidationError(issuesFromFieldErrors(e.fieldErrors, Boolean(request.orderId)));
        }
        throw e;
      }
    },
    unknownError: outcomeUnknown,
  });
  const delivery = await loaders.byCode.load((JSON.parse(response) as { code: string }).code);
  // The soc's newest delivery is this one now (a replay leaves the cache's answer alone: a later booking may have followed).
  if (booked && delivery.senderOrderCode) await ctx.deliveryCache?.recordSoc(delivery.senderOrderCode, delivery, ctx.app.now());
  return delivery;
}

/** ActiveDeliveryExistsError when a delivery with this soc is not terminal yet (SuperShip's newest, asked live, and any other the cache holds). */
async function refuseSecondActive(ctx: Context, soc: string, loaders: DeliveryLoaders): Promise<void> {
  const existing = await deliveriesOfSoc(ctx, soc, { byCode: loaders.byCode, bySoc: loaders.liveBySoc });
  const active = existing.find((d) => !isTerminalDeliveryStatus(d.statusCode));
  if (active) throw new ActiveDeliveryExistsError(soc, active.code);
}

function forget(loaders: DeliveryLoaders, code: string, soc: string | null | undefined): void {
  loaders.byCode.clear(code);
  loaders.live.clear(code);
  if (soc) {
    loaders.bySoc.clear(soc);
    loaders.liveBySoc.clear(soc);
  }
}

/** Cancellable statuses are undocumented (§5 C7); SuperShip's refusal (422) becomes NotAllowedInCurrentStateError. */
export async function cancelDelivery(ctx: Context, code: string, loaders: DeliveryLoaders): Promise<Delivery> {
  try {
    const cancelled = await ctx.supership.cancelOrder(code);
    forget(loaders, code, cancelled.soc);
  } catch (e) {
    if (isSupershipNotFound(e)) throw new NotFoundError("Delivery", code);
    if (e instanceof ProviderRejectedError && e.providerCode === "422") {
      loaders.live.clear(code);
      const current = await loaders.live.load(code).catch(() => null);
      throw new NotAllowedInCurrentStateError(`SuperShip refused to cancel: ${e.providerMessage}`, current?.status ?? null);
    }
    throw e;
  }
  // SuperShip's answer after the cancel, which also replaces the cache's entry.
  return loaders.live.load(code);
}

export interface ShippingLabels {
  printToken: string;
  url: string;
}

/** One print token for up to 100 deliveries (orders/token, the only batch call, §5 C5); the URL opens the label page. */
export async function createShippingLabels(ctx: Context, codes: string[], size: LabelSize): Promise<ShippingLabels> {
  const unique = [...new Set(codes)];
  try {
    const { token } = await ctx.supership.printToken(unique);
    return { printToken: token, url: ctx.supership.labelUrl(token, size) };
  } catch (e) {
    // The 404 names no field we could trust; the message quotes the code it could not find.
    if (isSupershipNotFound(e)) throw new NotFoundError("Delivery", unique.find((c) => e.providerMessage.includes(c)) ?? unique.join(", "));
    throw e;
  }
}
