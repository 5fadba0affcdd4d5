import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import { createTenant, type Api, type Simulators } from "../support/stack.js";

/** Tenants and seed ids shared by the federation tests. */

export const SUBGRAPH_SECRET = "test-subgraph-secret-0123456789abcdef";
export const SUBGRAPH_HEADER = "x-subgraph-secret";

/** A tenant connected (through the public SDK) to HyperSKU and SuperShip demo account `index`. */
export async function connectedTenant(api: Api, name: string, index: 0 | 1) {
  const { apiKey, tenantId } = await createTenant(api.store, name);
  const sdk = api.as(apiKey);
  const merchant = HYPERSKU_DEMO.accounts[index];
  await sdk.ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
  await sdk.ConnectSupershipWithToken({ token: SUPERSHIP_DEMO.accounts[index].token });
  return { apiKey, tenantId, accountId: merchant.accountId, shopCode: SUPERSHIP_DEMO.accounts[index].shopCode };
}
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
  return { status: res.status, body: (await res.json().catch(() => null)) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null };
}
