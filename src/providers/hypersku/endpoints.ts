import { ProviderRejectedError } from "../../domain/provider-errors.js";
import type { EndpointDef } from "../call.js";

/**
 * HyperSKU's wire contract, part 1: the endpoint table. Most of it is inferred (see
 * docs/providers/hypersku.md and shared/providers/hypersku-api.md §0): correcting the
 * contract against the real docs should mean editing this table and schemas/ only.
 *
 * `{auth}` and `{customer}` are the service prefixes, overridable by config
 * (HYPERSKU_AUTH_PREFIX_PATH, HYPERSKU_CUSTOMER_PREFIX_PATH).
 * Evidence tags: DOC (stored docs page), 3P (third-party integration), INF (our inference).
 */

export const hyperskuEndpoints = {
  // appAuth: `Authorization: <HYPERSKU_TOKEN_AUTHORIZATION>` when configured (addendum #1 DOC header box, #2 3P getToken).
  getToken: { route: "POST {auth}/admin/token", auth: false, appAuth: true, idempotent: false, evidence: "3P path; body {username,password} 3P; Authorization: <apiKey> 3P" },
  accessToken: {
    route: "POST {auth}/admin/token/access_token",
    auth: false,
    appAuth: true,
    idempotent: false,
    evidence: "DOC path, response and Authorization header (value not shown); body fields INF",
  },
  refreshToken: {
    route: "POST {auth}/admin/token/refresh_token",
    auth: false,
    appAuth: true,
    idempotent: false,
    evidence: "DOC method; path and Authorization header INF from accessToken",
  },

  getPrivateProduct: {
    route: "POST {customer}/admin/product/getPrivateProduct",
    auth: true,
    idempotent: true,
    maxBatch: 50,
    evidence: "INF: paged TableData«ProductInfoDto»; optional productIds filter is our batch form",
  },
  getProductInfo: { route: "GET {customer}/admin/product/getProductInfo", auth: true, idempotent: true, evidence: "INF: one product by ?productId" },

  getCountryCode: { route: "GET {customer}/admin/logistics/getCountryCode", auth: true, idempotent: true, evidence: "3P path and array data" },
  getLogisticsSku: { route: "POST {customer}/admin/logistics/getLogisticsInfo-Sku", auth: true, idempotent: true, evidence: "3P path and body {countryCode, skuItems}" },
  internationalLogisticsInfo: {
    route: "GET {customer}/admin/logistics/internationalLogisticsInfo/{storeOrderId}",
    auth: true,
    idempotent: true,
    evidence: "DOC name is the path template; prefix 3P",
  },

  cancelOrder: { route: "POST {customer}/admin/orders/cancelOrder", auth: true, idempotent: false, evidence: "INF: body {orderId}" },
  create: { route: "POST {customer}/admin/orders/create", auth: true, idempotent: false, evidence: "3P path and OrdersInfoDto fields; answer 3P: only orderBaseInfo.orderId" },
  getCustomerInventoryInfo: {
    route: "POST {customer}/admin/orders/getCustomerInventoryInfo",
    auth: true,
    idempotent: true,
    maxBatch: 100,
    evidence: "INF: stock per SKU for a list of skuIds",
  },
  getInventoryHistoryByOrderId: {
    route: "GET {customer}/admin/orders/getInventoryHistoryByOrderId",
    auth: true,
    idempotent: true,
    evidence: "INF: ?orderId, list of OrderInventoryHistoryDto",
  },
  getInventoryInfo: {
    route: "POST {customer}/admin/orders/getInventoryInfo",
    auth: true,
    idempotent: true,
    maxBatch: 100,
    evidence: "INF: paged TableData«OrderInventoryResult»",
  },
  getOrderInfos: {
    route: "POST {customer}/admin/orders/getOrderInfos",
    auth: true,
    idempotent: true,
    maxBatch: 50,
    evidence: "INF: paged TableData«OrderResult», filter by orderIds or storeOrderIds",
  },
  getOrdersByExternalOrderId: {
    route: "POST {customer}/admin/orders/getOrdersByExternalOrderId",
    auth: true,
    idempotent: true,
    evidence: "3P path and body {storeCode, storeOrderId} (addendum #6); answer INF: one OrderResult, a list or a page",
  },
  getOrderByStoreOrderId: {
    route: "GET {customer}/admin/orders/list/{storeOrderId}",
    auth: true,
    idempotent: true,
    evidence: "3P path (addendum #6, 3P's getOrderByStoreOrderId); answer INF: one OrderResult, a list or a page",
  },
  getOrdersStatus: {
    route: "POST {customer}/admin/orders/status",
    auth: true,
    idempotent: true,
    maxBatch: 100,
    evidence: "3P path; body is a bare array of order ids; answer DOC name OrderStatusInfo, object or array",
  },
  getStockOrderInfo: {
    route: "POST {customer}/admin/orders/getStockOrderInfo",
    auth: true,
    idempotent: true,
    maxBatch: 100,
    evidence: "INFERRED: paged stock (stock-up) orders; no stock-order DTO in the DOC schema list",
  },
  updateOrderAddress: {
    route: "POST {customer}/admin/orders/updateOrderAddress",
    auth: true,
    idempotent: false,
    evidence: "INF: body {orderId, shippingAddress}, ObjectRestResponse«OrderAddressInfo»",
  },
} as const satisfies Record<string, EndpointDef>;

export type HyperskuEndpoint = keyof typeof hyperskuEndpoints;

/** Envelope `status` values that mean "token invalid or expired": re-authorize (hypersku-api.md §5.2). */
export const REAUTH_CODES = [40101, 40102, 40131] as const;

/**
 * The token endpoints: there HTTP 401/403 (the accessToken page lists both, DOC; addendum #10) and
 * 40131 "client invalid" concern our own client credentials, not the merchant's authorization.
 */
export const TOKEN_ENDPOINTS: readonly string[] = ["getToken", "accessToken", "refreshToken"] satisfies HyperskuEndpoint[];
export const CLIENT_INVALID_CODE = 40131;

/** Business codes the simulator uses; the real catalogue was not found (hypersku-api.md §5.2). INF. */
export const BUSINESS_CODES = {
  invalidRequest: 60002,
  notFound: 60004,
  statusForbidsChange: 60010,
  /** Listed on the accessToken page's responses: we read it as "authorization code invalid or used". */
  invalidAuthorizationCode: 60025,
} as const;

export interface PathPrefixes {
  auth: string;
  customer: string;
}

export const defaultPrefixes: PathPrefixes = { auth: "/api/auth", customer: "/api/customer" };

/** Whether a provider failure is HyperSKU's business error `code` (one of BUSINESS_CODES). */
export function isHyperskuCode(e: unknown, code: number): e is ProviderRejectedError {
  return e instanceof ProviderRejectedError && e.provider === "hypersku" && e.providerCode === String(code);
}
