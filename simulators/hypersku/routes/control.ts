import type { Context } from "hono";
import { z } from "zod";
import { nextHappyStatus, transition } from "../status-machine.js";
import type { RouteDeps } from "./register.js";

/**
 * HyperSKU-only control routes under /__sim/hypersku (the shared ones come from control.mount):
 * move an order through the state machine, expire access tokens now, require (or stop
 * requiring) an Authorization value on the token endpoints, summarise the state.
 */
const AdvanceBody = z.object({ status: z.number().int().optional() });
const ExpireBody = z.object({ accountId: z.string().optional() });
const TokenAuthorizationBody = z.object({ value: z.string().min(1).nullable() });

async function jsonOrEmpty(c: Context): Promise<unknown> {
  const text = await c.req.text();
  return text.trim() ? JSON.parse(text) : {};
}

export function controlRoutes({ app, control, state }: RouteDeps): void {
  app.post("/__sim/hypersku/orders/:orderId/advance", async (c) => {
    const parsed = AdvanceBody.safeParse(await jsonOrEmpty(c).catch(() => null));
    if (!parsed.success) return c.json({ error: "body must be { status?: number }" }, 400);
    const orderId = c.req.param("orderId");
    for (const account of state.data.accounts.values()) {
      const order = account.orders.get(orderId);
      if (!order) continue;
      const from = order.status;
      const to = parsed.data.status ?? nextHappyStatus(from);
      if (to === undefined) return c.json({ error: `order status ${from} is final` }, 409);
      const moved = transition(state.data, account, order, to, control.now());
      if (!moved.ok) return c.json({ error: moved.reason }, 409);
      return c.json({ orderId, storeOrderId: order.storeOrderId, accountId: account.accountId, from, to });
    }
    return c.json({ error: `order ${orderId} not found` }, 404);
  });

  app.post("/__sim/hypersku/tokens/expire", async (c) => {
    const parsed = ExpireBody.safeParse(await jsonOrEmpty(c).catch(() => null));
    if (!parsed.success) return c.json({ error: "body must be { accountId?: string }" }, 400);
    return c.json({ expired: state.auth.expireAccess(parsed.data.accountId) });
  });

  // { value: "<API key>" } makes getToken/accessToken/refreshToken refuse calls without it (401); { value: null } stops checking.
  app.post("/__sim/hypersku/token-authorization", async (c) => {
    const parsed = TokenAuthorizationBody.safeParse(await jsonOrEmpty(c).catch(() => null));
    if (!parsed.success) return c.json({ error: "body must be { value: string | null }" }, 400);
    state.tokenAuthorization = parsed.data.value;
    return c.json({ required: state.tokenAuthorization !== null });
  });

  app.get("/__sim/hypersku/state/summary", (c) => {
    const accounts = [...state.data.accounts.values()].map((a) => {
      const ordersByStatus: Record<string, number> = {};
      for (const o of a.orders.values()) ordersByStatus[o.status] = (ordersByStatus[o.status] ?? 0) + 1;
      return {
        accountId: a.accountId,
        products: a.products.size,
        skus: a.skus.size,
        orders: a.orders.size,
        ordersByStatus,
        inventoryRows: a.inventory.size,
        stockOrders: a.stockOrders.length,
      };
    });
    return c.json({ seed: state.seed, accounts });
  });
}
