import type { EndpointDef } from "../call.js";

/**
 * The SuperShip wire contract's routes, in one table (reference §4). `auth`: the call carries
 * `Authorization: Bearer <token>` (§3.3). `idempotent`: safe to retry; every GET is, no POST is.
 * `printToken` is a POST that would be harmless to repeat (it only mints a label token), but
 * it stays non-idempotent so that "POST is never retried" holds without exceptions.
 * Endpoint names are shared with the simulator, which counts calls by them.
 */

export const supershipEndpoints = {
  register: { route: "POST /v1/partner/auth/register", auth: false, idempotent: false },
  login: { route: "POST /v1/partner/auth/login", auth: false, idempotent: false },
  provinces: { route: "GET /v1/partner/areas/province", auth: false, idempotent: true },
  districts: { route: "GET /v1/partner/areas/district", auth: false, idempotent: true },
  communes: { route: "GET /v1/partner/areas/commune", auth: false, idempotent: true },
  price: { route: "GET /v1/partner/orders/price", auth: true, idempotent: true },
  createOrder: { route: "POST /v1/partner/orders/add", auth: true, idempotent: false },
  statusTable: { route: "GET /v1/partner/orders/status", auth: false, idempotent: true },
  orderInfo: { route: "GET /v1/partner/orders/info", auth: true, idempotent: true },
  printToken: { route: "POST /v1/partner/orders/token", auth: true, idempotent: false },
  cancelOrder: { route: "POST /v1/partner/orders/cancel", auth: true, idempotent: false },
  listWarehouses: { route: "GET /v1/partner/warehouses", auth: true, idempotent: true },
  createWarehouse: { route: "POST /v1/partner/warehouses/create", auth: true, idempotent: false },
  updateWarehouse: { route: "POST /v1/partner/warehouses/update", auth: true, idempotent: false },
  getWebhook: { route: "GET /v1/partner/webhooks", auth: true, idempotent: true },
  createWebhook: { route: "POST /v1/partner/webhooks/create", auth: true, idempotent: false },
} as const satisfies Record<string, EndpointDef>;

export type SupershipEndpoint = keyof typeof supershipEndpoints;

/** The browser page that renders labels for a print token (reference C6; changed in docs v1.0.13). */
export const DEFAULT_LABEL_BASE_URL = "https://khachhang.supership.vn/orders/awb";
