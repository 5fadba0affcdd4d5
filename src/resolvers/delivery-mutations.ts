import type DataLoader from "dataloader";
import { InputValidationError, NotAllowedInCurrentStateError, NotFoundError } from "../domain/errors.js";
import { ProviderRejectedError, WriteOutcomeUnknownError } from "../domain/provider-errors.js";
import type { LabelSize } from "../domain/shipment.js";
import type { Order } from "../providers/hypersku/schemas/order.js";
import { isSupershipNotFound } from "../providers/supership/envelope.js";
import type { Delivery } from "../providers/supership/schemas/order-info.js";
import type { Context } from "./context.js";
import { buildCreateOrder, type CreateDeliveryArgs, issuesFromFieldErrors } from "./delivery-input.js";
import { claimIdempotencyKey, surelyNotWritten } from "./idempotency.js";

/**
 * createDelivery (exactly once per idempotency key), cancelDelivery, createShippingLabels.
 * SuperShip itself has no idempotency key and may accept a repeated `soc` as a second order
 * (supership-api.md §8), so exactly-once is ours: the store's idempotency record.
 */

export interface DeliveryLoaders {
  byCode: DataLoader<string, Delivery>;
  bySoc: DataLoader<string, Delivery | null>;
  orders: DataLoader<string, Order>;
}

/** Raised when orders/add failed in a way that may still have created the delivery. */
const outcomeUnknown = (cause: unknown) =>
  new WriteOutcomeUnknownError(
    cause,
    { provider: "supership", endpoint: "createOrder", method: "POST", url: "-" },
    "DELIVERY_OUTCOME_UNKNOWN",
    "the delivery may or may not have been created; look for it (order.delivery, delivery(code)) before retrying with a new idempotency key",
  );

/**
 * Exactly once per idempotency key (resolvers/idempotency.ts). An ambiguous failure answers
 * DELIVERY_OUTCOME_UNKNOWN: the delivery may exist, and a retry must not create a second one;
 * the client finds it with `order.delivery` or `delivery(code)`.
 */
export async function createDelivery(ctx: Context, args: CreateDeliveryArgs, loaders: DeliveryLoaders): Promise<Delivery> {
  const { idempotencyKey, ...request } = args;
  const claim = await claimIdempotencyKey(ctx, "createDelivery", idempotencyKey, request);
  if (claim.outcome === "completed") return loaders.byCode.load((JSON.parse(claim.response) as { code: string }).code);

  const body = await buildCreateOrder(ctx, request, loaders.orders).catch(async (e: unknown) => {
    await claim.abandon(); // nothing was sent: the client may fix the input and retry
    throw e;
  });
  let created: { code: string; soc?: string | undefined };
  try {
    created = await ctx.supership.createOrder(body);
  } catch (e) {
    if (!surelyNotWritten(e)) throw outcomeUnknown(e); // the key stays in progress until its TTL
    await claim.abandon();
    // 422: SuperShip named the fields it refused (§8); report them on our input paths.
    if (e instanceof ProviderRejectedError && e.providerCode === "422" && Object.keys(e.fieldErrors).length > 0) {
      throw new InputValidationError(issuesFromFieldErrors(e.fieldErrors, Boolean(request.orderId)));
    }
    throw e;
  }
  await claim.complete(JSON.stringify({ code: created.code }));
  forget(loaders, created.code, created.soc);
  return loaders.byCode.load(created.code);
}

function forget(loaders: DeliveryLoaders, code: string, soc: string | null | undefined): void {
  loaders.byCode.clear(code);
  if (soc) loaders.bySoc.clear(soc);
}

/** Cancellable statuses are undocumented (§5 C7); SuperShip's refusal (422) becomes NotAllowedInCurrentStateError. */
export async function cancelDelivery(ctx: Context, code: string, loaders: DeliveryLoaders): Promise<Delivery> {
  try {
    const cancelled = await ctx.supership.cancelOrder(code);
    forget(loaders, code, cancelled.soc);
  } catch (e) {
    if (isSupershipNotFound(e)) throw new NotFoundError("Delivery", code);
    if (e instanceof ProviderRejectedError && e.providerCode === "422") {
      loaders.byCode.clear(code);
      const current = await loaders.byCode.load(code).catch(() => null);
      throw new NotAllowedInCurrentStateError(`SuperShip refused to cancel: ${e.providerMessage}`, current?.status ?? null);
    }
    throw e;
  }
  return loaders.byCode.load(code);
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
