/**
 * The simulator's own route table for HyperSKU, written from shared/providers/hypersku-api.md
 * §1–§2, not from the client. Only accessToken's path is [DOC]; the logistics, create and
 * status paths are [3P]; every other path is the simulator's long-standing guess (the doc has
 * "not found"), kept so that today's client and tests still meet it. A client that moves a path
 * without the simulator moving too now misses this table, and the contract test says so.
 */

export type Method = "GET" | "POST";

export interface SimRoute {
  method: Method;
  /** Below the host; `:param` is a path parameter. */
  path: string;
  /** Needs the merchant token (§3.2: raw or "Bearer "). */
  auth: boolean;
  evidence: string;
}

/** §1: every path starts /api/<service>/admin/…; the services seen are auth and customer. */
export const AUTH = "/api/auth";
export const CUSTOMER = "/api/customer";
const LOGISTICS = `${CUSTOMER}/admin/logistics`;
export const ORDERS = `${CUSTOMER}/admin/orders`;
const PRODUCT = `${CUSTOMER}/admin/product`;

const r = (method: Method, path: string, auth: boolean, evidence: string): SimRoute => ({ method, path, auth, evidence });

export const SIM_ROUTES = {
  getToken: r("POST", `${AUTH}/admin/token`, false, "3P §3.1"),
  accessToken: r("POST", `${AUTH}/admin/token/access_token`, false, "DOC §3.1 step 3"),
  refreshToken: r("POST", `${AUTH}/admin/token/refresh_token`, false, "DOC method; path INF §2 #3"),
  // §4.4/§4.5: no product prefix found; §1 guesses /api/customer/admin/product/….
  getPrivateProduct: r("POST", `${PRODUCT}/getPrivateProduct`, true, "INF §1, §4.4"),
  getProductInfo: r("GET", `${PRODUCT}/getProductInfo`, true, "INF §4.5"),
  getCountryCode: r("GET", `${LOGISTICS}/getCountryCode`, true, "3P §4.6"),
  // §8: the path segment differs from the sidebar name; do not build it from the name.
  getLogisticsSku: r("POST", `${LOGISTICS}/getLogisticsInfo-Sku`, true, "3P §4.7"),
  internationalLogisticsInfo: r("GET", `${LOGISTICS}/internationalLogisticsInfo/:storeOrderId`, true, "DOC name + 3P prefix §4.8"),
  cancelOrder: r("POST", `${ORDERS}/cancelOrder`, true, "not found §4.9; simulator's guess"),
  create: r("POST", `${ORDERS}/create`, true, "3P §4.11"),
  getCustomerInventoryInfo: r("POST", `${ORDERS}/getCustomerInventoryInfo`, true, "not found §4.14; simulator's guess"),
  getInventoryHistoryByOrderId: r("GET", `${ORDERS}/getInventoryHistoryByOrderId`, true, "not found §4.14; simulator's guess"),
  getInventoryInfo: r("POST", `${ORDERS}/getInventoryInfo`, true, "not found §4.14; simulator's guess"),
  getOrderInfos: r("POST", `${ORDERS}/getOrderInfos`, true, "ambiguous §4.10; simulator's guess"),
  // §2: [3P] calls these two with no sidebar entry (addendum #6); the answer is §4.10's guess, one OrderResult.
  getOrdersByExternalOrderId: r("POST", `${ORDERS}/getOrdersByExternalOrderId`, true, "3P §2, §4.10, addendum #6"),
  getOrderByStoreOrderId: r("GET", `${ORDERS}/list/:storeOrderId`, true, "3P §2, §4.10, addendum #6"),
  getOrdersStatus: r("POST", `${ORDERS}/status`, true, "3P §4.12"),
  getStockOrderInfo: r("POST", `${ORDERS}/getStockOrderInfo`, true, "not found §4.14; simulator's guess"),
  updateOrderAddress: r("POST", `${ORDERS}/updateOrderAddress`, true, "not found §4.13; simulator's guess"),
} as const satisfies Record<string, SimRoute>;

export type SimEndpoint = keyof typeof SIM_ROUTES;

/** The endpoint a request would reach, or null: how a contract test judges a client's route. */
export function matchRoute(method: string, path: string): { name: SimEndpoint; params: Record<string, string> } | null {
  for (const [name, route] of Object.entries(SIM_ROUTES) as [SimEndpoint, SimRoute][]) {
    if (route.method !== method) continue;
    const keys: string[] = [];
    const pattern = route.path.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&").replace(/:(\w+)/g, (_, k: string) => (keys.push(k), "([^/]+)"));
    const m = new RegExp(`^${pattern}$`).exec(path);
    if (m) return { name, params: Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(m[i + 1] ?? "")])) };
  }
  return null;
}

/** Fills `:param`s, URL-encoded, for callers that build a request from the table. */
export function pathOf(name: SimEndpoint, params: Record<string, string> = {}): string {
  return SIM_ROUTES[name].path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ""));
}
