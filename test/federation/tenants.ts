import type { Api, connectedTenant, Simulators } from "../support/stack.js";

/** Tenants and seed ids shared by the federation tests. */

export const SUBGRAPH_SECRET = "test-subgraph-secret-0123456789abcdef";
export const SUBGRAPH_HEADER = "x-subgraph-secret";

export type Tenant = Awaited<ReturnType<typeof connectedTenant>>;

/** Ids straight from the simulators' seed, for one demo account. */
export function seeded(sims: Simulators, tenant: Tenant) {
  const account = sims.hypersku.state.account(tenant.accountId);
  const orders = [...account.orders.values()];
  const products = [...account.products.values()];
  return {
    orders,
    orderIds: orders.map((o) => o.orderId),
    productIds: products.map((p) => p.productId),
    skus: products.flatMap((p) => p.skus.map((s) => ({ skuId: s.skuId, productId: s.productId }))),
    deliveryCodes: [...sims.supership.state.orders.values()].filter((o) => o.shop === tenant.shopCode).map((o) => o.code),
    warehouseCodes: [...sims.supership.state.warehouses.values()].filter((w) => w.shop === tenant.shopCode).map((w) => w.code),
  };
}

/** A raw POST to the subgraph endpoint (its schema is not the public one the SDK is generated from). */
export async function postSubgraph(api: Api, body: { query: string; variables?: Record<string, unknown> }, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.url}/subgraph`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return {
    status: res.status,
    body: (await res.json().catch(() => null)) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null,
  };
}
