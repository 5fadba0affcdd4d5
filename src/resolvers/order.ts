import { ProviderBusinessError } from "../providers/errors.js";
import type { OrderAddressInfo, OrderInventoryHistoryDto, OrderItemInfo, OrderResult } from "../providers/hypersku/schemas.js";
import { toMoney, type Money } from "./money.js";
import { normalizeOrderStatus, type OrderStatus } from "./order-status.js";

/** HyperSKU orders as the graph models them. */

export interface Address {
  firstName: string;
  lastName: string;
  line1: string;
  line2: string | null;
  city: string | null;
  province: string | null;
  postalCode: string | null;
  countryCode: string;
  countryName: string | null;
  phone: string | null;
  email: string | null;
}

export interface OrderItem {
  id: string;
  productId: string;
  skuId: string;
  title: string;
  attributes: string | null;
  imageUrl: string | null;
  quantity: number;
  unitPrice: Money;
  weightGrams: number | null;
  fromMerchantStock: boolean;
}

export interface Order {
  /** HyperSKU's order id (19 digits, kept as a string). */
  id: string;
  /** The merchant's store order id: the key SuperShip deliveries carry as `soc`. */
  storeOrderId: string;
  storeOrderName: string | null;
  statusCode: number;
  status: OrderStatus;
  statusLabel: string | null;
  items: OrderItem[];
  shippingAddress: Address | null;
  subtotal: Money;
  shippingFee: Money;
  total: Money;
  logisticsId: string | null;
  logisticsName: string | null;
  createdAt: string;
  paidAt: string | null;
  updatedAt: string | null;
}

export function toAddress(a: OrderAddressInfo): Address {
  return {
    firstName: a.firstName,
    lastName: a.lastName,
    line1: a.address,
    line2: a.addressContinued ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    postalCode: a.zipCode ?? null,
    countryCode: a.countryCode,
    countryName: a.countryName ?? null,
    phone: a.phone ?? null,
    email: a.email ?? null,
  };
}

function toItem(i: OrderItemInfo): OrderItem {
  return {
    id: i.id,
    productId: i.productId,
    skuId: i.skuId,
    title: i.goodsName,
    attributes: i.attrStr ?? null,
    imageUrl: i.imgUrl ?? null,
    quantity: i.num,
    unitPrice: toMoney(i.unitPrice, i.currencyCode),
    weightGrams: i.weight ?? null,
    fromMerchantStock: i.isInventory === 1,
  };
}

export function toOrder({ orderBaseInfo: b, orderItemInfos, orderAddressInfo }: OrderResult): Order {
  const { status, label } = normalizeOrderStatus(b.status);
  return {
    id: b.orderId,
    storeOrderId: b.storeOrderId,
    storeOrderName: b.storeOrderName ?? null,
    statusCode: b.status,
    status,
    statusLabel: label,
    items: orderItemInfos.map(toItem),
    shippingAddress: orderAddressInfo ? toAddress(orderAddressInfo) : null,
    subtotal: toMoney(b.amount, b.currencyCode),
    shippingFee: toMoney(b.freight, b.currencyCode),
    total: toMoney(b.actualAmount, b.currencyCode),
    logisticsId: b.logisticsId ?? null,
    logisticsName: b.logisticsName ?? null,
    createdAt: b.crtTime,
    paidAt: b.paymentTime ?? null,
    updatedAt: b.updTime ?? null,
  };
}

/** Whether a provider failure is HyperSKU's business error `code` (BUSINESS_CODES in endpoints.ts). */
export function isHyperskuCode(e: unknown, code: number): e is ProviderBusinessError {
  return e instanceof ProviderBusinessError && e.provider === "hypersku" && e.providerCode === String(code);
}

export const INVENTORY_MOVEMENT_TYPES = ["LOCK", "DEDUCT", "RELEASE", "INBOUND", "UNKNOWN"] as const;
export type InventoryMovementType = (typeof INVENTORY_MOVEMENT_TYPES)[number];

/** One change of the merchant's stock caused by an order (hypersku-api.md §4.14, all inferred). */
export interface InventoryMovement {
  id: string;
  type: InventoryMovementType;
  rawType: string;
  /** Negative when stock leaves the available quantity. */
  quantityChange: number;
  balance: number | null;
  /** The movement carries only a skuId; its product comes from the order's line for that SKU. */
  productId: string | null;
  skuId: string;
  occurredAt: string;
}

/** An order draws on merchant stock only through lines marked `isInventory` (§6.3). */
export const usesMerchantStock = (order: Order) => order.items.some((i) => i.fromMerchantStock);

export function toInventoryMovements(dtos: readonly OrderInventoryHistoryDto[], order: Order): InventoryMovement[] {
  return dtos
    .map((h) => {
      const type = h.type.trim().toUpperCase();
      return {
        id: h.id,
        type: (INVENTORY_MOVEMENT_TYPES as readonly string[]).includes(type) ? (type as InventoryMovementType) : "UNKNOWN",
        rawType: h.type,
        quantityChange: h.changeQty,
        balance: h.balanceQty ?? null,
        productId: order.items.find((i) => i.skuId === h.skuId)?.productId ?? null,
        skuId: h.skuId,
        occurredAt: h.crtTime,
      } satisfies InventoryMovement;
    })
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
}
