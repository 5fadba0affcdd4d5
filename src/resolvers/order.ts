import type { OrderAddressInfo, OrderItemInfo, OrderResult } from "../providers/hypersku/schemas.js";
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
