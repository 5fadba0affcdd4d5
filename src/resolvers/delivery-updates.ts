import { UnauthenticatedError } from "../domain/errors.js";
import type { Context } from "./context.js";
import type { DeliveryEvent } from "./delivery-events.js";

/**
 * Subscription.deliveryUpdated: the SuperShip events of the caller's tenant, and only its own
 * (the bus has one topic per tenant, src/resolvers/delivery-events.ts), narrowed by delivery
 * codes and/or order ids. `orderIds` are the merchant's store order ids (`Order.storeOrderId`),
 * which is what links an order to its deliveries: SuperShip's `soc` (`Delivery.senderOrderCode`,
 * Order.delivery). Both lists given: an event matching either passes. Neither: every event.
 */
export interface DeliveryUpdateFilter {
  codes?: readonly string[] | null | undefined;
  orderIds?: readonly string[] | null | undefined;
}

export function deliveryUpdateMatcher({ codes, orderIds }: DeliveryUpdateFilter): (event: DeliveryEvent) => boolean {
  if (!codes && !orderIds) return () => true;
  const byCode = new Set(codes ?? []);
  const bySoc = new Set(orderIds ?? []);
  return (event) => byCode.has(event.code) || (event.soc !== null && bySoc.has(event.soc));
}

export function subscribeDeliveryUpdates(ctx: Context, filter: DeliveryUpdateFilter): AsyncIterable<DeliveryEvent> {
  // The field's tenant scope refuses a caller without one first; this keeps the type honest.
  const tenant = ctx.viewer.tenant;
  if (!tenant) throw new UnauthenticatedError("subscriptions need an API key (Authorization: Bearer <key>)");
  const { events, subscriptions } = ctx.app;
  return subscriptions.open(tenant.id, () => events.subscribe(tenant.id), deliveryUpdateMatcher(filter));
}
