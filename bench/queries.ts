import type { Feature } from "./features.js";

/**
 * The scenarios' GraphQL documents, built from the parts the schema has now (features.ts).
 * The dashboard prefers src/sdk/operations/dashboard.graphql (the API's own Dashboard, also
 * GraphiQL's default query); these are the harness's copies of everything else.
 */

type Has = (f: Feature) => boolean;
const money = "{ amount currency }";
const when = (on: boolean, text: string) => (on ? text : "");

const inventory = (has: Has, detail = false) => when(has("Sku.inventory"), `inventory { available reserved inTransit${detail ? " warehouseName updatedAt" : ""} }`);
const shipments = (has: Has) => when(has("Order.shipments"), "shipments { carrier trackingNumber status events { occurredAt description location status } }");
const delivery = (has: Has, detail = false) =>
  when(
    has("Order.delivery"),
    detail
      ? `delivery { code status statusCode statusName fees { shipment ${money} insurance ${money} } codAmount ${money} receiver { name phone address } events { occurredAt description status } }`
      : `delivery { code status statusName fees { shipment ${money} } events { occurredAt description } }`,
  );

/** (a) Same shape as the Dashboard operation: 50 orders, items → sku → product, inventory, shipments, delivery. */
export function dashboardQuery(has: Has): string {
  return `query BenchDashboard($first: Int = 50) {
  orders(first: $first) { totalCount edges { node {
    id orderId storeOrderId status statusCode total ${money} createdAt shippingAddress { countryCode city }
    items { title quantity unitPrice ${money} sku { id skuId price ${money} attributes { name value } product { id title } ${inventory(has)} } }
    ${shipments(has)}
    ${delivery(has)}
  } } }
}`;
}

/** (b) One order with everything below it. */
export function orderQuery(has: Has): string {
  return `query BenchOrder($orderId: String!) {
  order(orderId: $orderId) {
    id orderId storeOrderId status statusCode statusLabel subtotal ${money} shippingFee ${money} total ${money}
    createdAt paidAt updatedAt logisticsName
    shippingAddress { firstName lastName line1 line2 city province postalCode countryCode phone }
    items { itemId title attributes quantity fromMerchantStock weightGrams unitPrice ${money}
      sku { id skuId code weightGrams price ${money} attributes { name value }
        product { id productId title images category priceRange { min ${money} max ${money} } }
        ${inventory(has, true)} } }
    ${shipments(has)}
    ${delivery(has, true)}
    ${when(has("Order.inventoryHistory"), "inventoryHistory { type rawType quantityChange balance occurredAt sku { id skuId } }")}
  }
}`;
}

/** (c) A catalogue page: 50 products, their SKUs and each SKU's inventory. */
export function catalogueQuery(has: Has): string {
  return `query BenchCatalogue($first: Int = 50) {
  products(first: $first) { totalCount edges { node {
    id productId title category priceRange { min ${money} max ${money} }
    skus { id skuId code price ${money} weightGrams attributes { name value } ${inventory(has)} }
  } } }
}`;
}

/** Setup: an order for (b) that has as much below it as possible (shipped, merchant stock, a delivery). */
export function pickOrderQuery(has: Has): string {
  return `query BenchPickOrder { orders(first: 50) { edges { node { orderId statusCode items { fromMerchantStock } ${when(has("Order.delivery"), "delivery { code }")} } } } }`;
}

export const CREATE_ORDER = `mutation BenchCreateOrder($input: CreateOrderInput!) {
  createOrder(input: $input) {
    __typename
    ... on MutationCreateOrderSuccess { data { orderId storeOrderId status } }
    ... on Error { message }
  }
}`;

export const CREATE_DELIVERY = `mutation BenchCreateDelivery($input: CreateDeliveryInput!) {
  createDelivery(input: $input) {
    __typename
    ... on MutationCreateDeliverySuccess { data { code senderOrderCode status } }
    ... on Error { message }
  }
}`;

/** Setup for the write mix: a SKU to order and a SuperShip pickup warehouse. */
export function writeFixturesQuery(has: Has): string {
  return `query BenchWriteFixtures { products(first: 5) { edges { node { skus { skuId } } } } ${when(has("Query.warehouses"), "warehouses { code status primary }")} }`;
}
