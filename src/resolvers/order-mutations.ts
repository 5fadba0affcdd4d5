import { NotAllowedInCurrentStateError, NotFoundError } from "../domain/errors.js";
import { WriteOutcomeUnknownError } from "../domain/provider-errors.js";
import { BUSINESS_CODES, isHyperskuCode } from "../providers/hypersku/endpoints.js";
import type { Order, OrdersInfoDto, ShippingAddressDto } from "../providers/hypersku/schemas/order.js";
import type { Context } from "./context.js";
import { exactlyOnce, type FindWrite } from "./idempotency.js";
import { findOrdersByStoreOrderId, newestOrder } from "./order.js";

/**
 * createOrder, cancelOrder and updateOrderAddress. HyperSKU accepts a repeated thirdOrderId and
 * creates a second order (docs/decisions/004-simulators.md, hypersku-api.md §4.11: its real
 * behaviour is unknown), and the transport never retries `create`; so exactly-once creation is
 * ours, through an idempotency record in the store per tenant and client key.
 */

export interface AddressInput {
  firstName: string;
  lastName?: string | null;
  line1: string;
  line2?: string | null;
  city: string;
  province?: string | null;
  postalCode?: string | null;
  countryCode: string;
  phone: string;
  email?: string | null;
}

export interface CreateOrderInput {
  idempotencyKey: string;
  storeOrderId: string;
  storeOrderName?: string | null;
  shippingOptionId: string;
  shippingAddress: AddressInput;
  items: ReadonlyArray<{ skuId: string; quantity: number }>;
  note?: string | null;
}

/** Reads an order from HyperSKU, bypassing what this request already cached (the schema passes OrderRef's loader). */
export type LoadFreshOrder = (orderId: string) => Promise<Order>;

/** Raised when `create` failed in a way that may still have created the order. */
const outcomeUnknown = (cause: unknown) =>
  new WriteOutcomeUnknownError(
    cause,
    { provider: "hypersku", endpoint: "create", method: "POST", url: "-" },
    "ORDER_OUTCOME_UNKNOWN",
    "the order may or may not have been created: retry with the same idempotency key (never a new one), which answers the order if HyperSKU has it (looked up by storeOrderId) or creates it once HyperSKU confirms it absent",
  );

/** The newest HyperSKU order with this store order id, as the key's stored response; null when HyperSKU has none. */
export const findCreatedOrder: FindWrite = async (ctx, storeOrderId) => {
  const orders = await findOrdersByStoreOrderId(ctx, storeOrderId);
  const order = newestOrder(orders);
  return order ? { response: JSON.stringify({ orderId: order.id }), ref: order.id, count: orders.length } : null;
};

/**
 * Exactly once per idempotency key (resolvers/idempotency.ts). A retry after an unknown outcome
 * finds the order by storeOrderId (its natural id at HyperSKU) or creates it.
 */
export async function createOrder(ctx: Context, input: CreateOrderInput, fresh: LoadFreshOrder): Promise<Order> {
  const { idempotencyKey, ...request } = input;
  const response = await exactlyOnce(ctx, {
    operation: "createOrder",
    key: idempotencyKey,
    request,
    names: { provider: "HyperSKU", noun: "order", naturalId: "storeOrderId" },
    hint: request.storeOrderId,
    naturalId: async () => request.storeOrderId,
    find: findCreatedOrder,
    prepare: async () => ({ body: toOrdersInfoDto(request), naturalId: request.storeOrderId }),
    send: async (body) => JSON.stringify({ orderId: (await ctx.hypersku.create(body)).orderBaseInfo.orderId }),
    unknownError: outcomeUnknown,
  });
  return fresh((JSON.parse(response) as { orderId: string }).orderId);
}

export async function cancelOrder(ctx: Context, orderId: string, fresh: LoadFreshOrder): Promise<Order> {
  await ctx.hypersku.cancelOrder(orderId).catch((e: unknown) => rethrowAsStateError(e, orderId, "cancelled", fresh));
  return fresh(orderId);
}

export async function updateOrderAddress(ctx: Context, orderId: string, address: AddressInput, fresh: LoadFreshOrder): Promise<Order> {
  await ctx.hypersku.updateOrderAddress(orderId, toShippingAddressDto(address)).catch((e: unknown) => rethrowAsStateError(e, orderId, "readdressed", fresh));
  return fresh(orderId);
}

/** HyperSKU 60004 and 60010 (endpoints.ts BUSINESS_CODES) become the graph's typed errors. */
async function rethrowAsStateError(e: unknown, orderId: string, verb: string, fresh: LoadFreshOrder): Promise<never> {
  if (isHyperskuCode(e, BUSINESS_CODES.notFound)) throw new NotFoundError("Order", orderId);
  if (!isHyperskuCode(e, BUSINESS_CODES.statusForbidsChange)) throw e;
  // The refusal names no status in a documented form, so read the order's current one.
  const status = await fresh(orderId).then(
    (o) => o.status,
    () => null,
  );
  throw new NotAllowedInCurrentStateError(`order ${orderId} cannot be ${verb} in its current status${status ? ` ${status}` : ""}`, status);
}

export function toShippingAddressDto(a: AddressInput): ShippingAddressDto {
  return {
    firstName: a.firstName,
    lastName: a.lastName ?? "",
    address: a.line1,
    addressContinued: a.line2 ?? undefined,
    city: a.city,
    province: a.province ?? undefined,
    zipCode: a.postalCode ?? undefined,
    countryCode: a.countryCode,
    phone: a.phone,
    email: a.email ?? undefined,
  };
}

function toOrdersInfoDto(r: Omit<CreateOrderInput, "idempotencyKey">): OrdersInfoDto {
  return {
    thirdOrderId: r.storeOrderId,
    thirdOrderName: r.storeOrderName ?? undefined,
    logisticsId: r.shippingOptionId,
    shippingAddress: toShippingAddressDto(r.shippingAddress),
    skuItems: r.items.map((i) => ({ skuId: i.skuId, num: i.quantity })),
    remark: r.note ?? undefined,
  };
}
