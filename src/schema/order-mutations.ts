import { z } from "zod";
import { IdempotencyConflictError } from "../domain/errors.js";
import type { Context } from "../resolvers/context.js";
import { type AddressInput, cancelOrder, createOrder, type LoadFreshOrder, updateOrderAddress } from "../resolvers/order-mutations.js";
import { countryCode, lineItems, quantity } from "../resolvers/validation.js";
import { builder } from "./builder.js";
import { OrderRef } from "./order.js";

/** Order mutations: createOrder (exactly once per idempotency key), cancelOrder, updateOrderAddress. */

const AddressInputRef = builder.inputRef<AddressInput>("AddressInput").implement({
  description: "A shipping address for HyperSKU.",
  fields: (t) => ({
    firstName: t.string({ validate: z.string().trim().min(1) }),
    lastName: t.string({ required: false }),
    line1: t.string({ validate: z.string().trim().min(1), description: "Street and number." }),
    line2: t.string({ required: false, description: "Apartment, suite, building." }),
    city: t.string({ validate: z.string().trim().min(1) }),
    province: t.string({ required: false, description: "State, province or region." }),
    postalCode: t.string({ required: false }),
    countryCode: t.string({ validate: countryCode, description: "ISO 3166-1 alpha-2, upper case, e.g. `US`." }),
    phone: t.string({
      validate: z.string().regex(/^\+?[0-9 ()-]{6,20}$/, "must be a phone number, e.g. +1 512 555 0100"),
      description: "Digits, spaces, `()-`, an optional leading `+`; 6 to 20 characters.",
    }),
    email: t.string({ required: false, validate: z.email() }),
  }),
});

const OrderItemInputRef = builder.inputType("OrderItemInput", {
  description: "One line of a new order.",
  fields: (t) => ({
    skuId: t.string({ validate: z.string().min(1), description: "HyperSKU SKU id (`Sku.skuId`)." }),
    quantity: t.int({ validate: quantity, description: "1 to 1000." }),
  }),
});

const CreateOrderInputRef = builder.inputType("CreateOrderInput", {
  description: "A new HyperSKU order.",
  fields: (t) => ({
    idempotencyKey: t.string({
      validate: z.string().min(8).max(128),
      description:
        "8 to 128 characters, unique per intended order (e.g. a UUID). Sending the same key and input again returns the same order and creates nothing; the same key with another input is an IdempotencyConflictError. Keys are remembered for IDEMPOTENCY_TTL_MS (24 h by default).",
    }),
    storeOrderId: t.string({
      validate: z.string().trim().min(1).max(64),
      description: "The merchant's store order id; it links the order to its SuperShip delivery (`soc`).",
    }),
    storeOrderName: t.string({ required: false, description: "The store's display name of the order, e.g. `#1001`." }),
    shippingOptionId: t.string({ validate: z.string().min(1), description: "The shipping channel (HyperSKU logisticsId), from a shipping quote." }),
    shippingAddress: t.field({ type: AddressInputRef }),
    items: t.field({ type: [OrderItemInputRef], validate: lineItems, description: "1 to 100 lines." }),
    note: t.string({ required: false, description: "A remark for HyperSKU's warehouse." }),
  }),
});

/** Reads the order past this request's cache, so a mutation answers what HyperSKU now holds. */
const freshOrder =
  (ctx: Context): LoadFreshOrder =>
  (orderId) =>
    OrderRef.getDataloader(ctx).clear(orderId).load(orderId);

const orderErrors = { types: [IdempotencyConflictError] };

builder.mutationFields((t) => ({
  createOrder: t.field({
    type: OrderRef,
    authScopes: { tenant: true },
    errors: orderErrors,
    description: [
      "Create a HyperSKU order, exactly once per `idempotencyKey`. Needs an API key (a tenant): keys are scoped per tenant, and pass-through tokens are no stable identity.",
      "Retrying with the same key and input is always safe: it returns the order created first, or waits briefly while that first request runs.",
      "A ProviderUnavailableError with code ORDER_OUTCOME_UNKNOWN (HyperSKU timed out or failed mid-request) means the order may exist: retry with the same key. The retry asks HyperSKU by storeOrderId and returns the order if it exists; if HyperSKU shows none for IDEMPOTENCY_SETTLE_MS after the failure, it creates the order (once); until then it answers IdempotencyConflictError with `retryAfterMs`. Never switch to a new key for the same order.",
      "Other ProviderUnavailableErrors on this mutation (HTTP 429, connection refused, circuit open) created nothing: retry with the same key.",
      "A ProviderRejectedError (e.g. an unknown SKU or a channel that does not serve the country) created nothing: fix the input and retry, even with the same key.",
    ].join("\n\n"),
    args: { input: t.arg({ type: CreateOrderInputRef, required: true }) },
    resolve: (_, { input }, ctx) => createOrder(ctx, input, freshOrder(ctx)),
  }),
  cancelOrder: t.field({
    type: OrderRef,
    authScopes: { authenticated: true },
    errors: orderErrors,
    description: "Cancel an order. HyperSKU allows it only before purchasing starts (Pending Sourcing, Pending Payment); later statuses answer NotAllowedInCurrentStateError.",
    args: { orderId: t.arg.string({ validate: z.string().min(1) }) },
    resolve: (_, { orderId }, ctx) => cancelOrder(ctx, orderId, freshOrder(ctx)),
  }),
  updateOrderAddress: t.field({
    type: OrderRef,
    authScopes: { authenticated: true },
    errors: orderErrors,
    description: "Replace an order's shipping address. Allowed until the goods are ready to ship; later statuses answer NotAllowedInCurrentStateError.",
    args: {
      orderId: t.arg.string({ validate: z.string().min(1) }),
      address: t.arg({ type: AddressInputRef, required: true }),
    },
    resolve: (_, { orderId, address }, ctx) => updateOrderAddress(ctx, orderId, address, freshOrder(ctx)),
  }),
}));
