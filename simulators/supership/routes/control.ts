import { z } from "zod";
import type { SimContext, SsApp } from "../context.js";
import { FEE_RULES } from "../fees.js";
import { applyStatus, setWeight } from "../orders.js";
import { allowedFrom, canTransition, STATUS_NAMES } from "../status-table.js";

/**
 * SuperShip-specific test controls (not part of the real API), next to the shared `/__sim/*`
 * ones: move an order along the state machine, re-weigh it, read the webhook deliveries.
 */

const PREFIX = "/__sim/supership";

const advanceBody = z.object({ status: z.string().optional(), reasonCode: z.string().optional() });
const weightBody = z.object({ weight: z.number().int().positive().max(FEE_RULES.maxWeightGrams) });

async function json(req: { text(): Promise<string> }): Promise<unknown> {
  const raw = await req.text();
  try {
    return raw.trim() ? (JSON.parse(raw) as unknown) : {};
  } catch {
    return null;
  }
}

export function controlRoutes(app: SsApp, { state, webhooks }: SimContext): void {
  app.post(`${PREFIX}/orders/:code/advance`, async (c) => {
    const order = state.orders.get(c.req.param("code"));
    if (!order) return c.json({ error: "order not found" }, 404);
    const body = advanceBody.safeParse(await json(c.req));
    if (!body.success) return c.json({ error: z.prettifyError(body.error) }, 400);
    const from = order.status;
    const to = body.data.status ?? allowedFrom(from)[0];
    if (to === undefined || !canTransition(from, to)) {
      return c.json({ error: `illegal transition ${from} → ${to ?? "(none: terminal status)"}`, from, allowed: allowedFrom(from) }, 409);
    }
    applyStatus(order, to, state.now(), body.data.reasonCode ?? "");
    webhooks.notify(order, "update_status");
    return c.json({ code: order.code, from, status: to, status_name: STATUS_NAMES[to] });
  });

  app.post(`${PREFIX}/orders/:code/weight`, async (c) => {
    const order = state.orders.get(c.req.param("code"));
    if (!order) return c.json({ error: "order not found" }, 404);
    const body = weightBody.safeParse(await json(c.req));
    if (!body.success) return c.json({ error: z.prettifyError(body.error) }, 400);
    setWeight(order, body.data.weight, state.now());
    webhooks.notify(order, "update_weight");
    return c.json({ code: order.code, weight: order.weight, fee: order.fees.shipment });
  });

  app.get(`${PREFIX}/orders`, (c) => {
    const shop = c.req.query("shop");
    const soc = c.req.query("soc");
    const list = [...state.orders.values()].filter((o) => (!shop || o.shop === shop) && (!soc || o.soc === soc));
    return c.json(list.map((o) => ({ code: o.code, shop: o.shop, soc: o.soc, status: o.status, webhookUrl: o.webhookUrl })));
  });

  /** `?settle=1` waits until queued deliveries finish (delivered or out of attempts). */
  app.get(`${PREFIX}/webhook-deliveries`, async (c) => {
    if (c.req.query("settle")) await webhooks.settle();
    return c.json(state.deliveries);
  });

  app.delete(`${PREFIX}/webhook-deliveries`, (c) => {
    state.deliveries.length = 0;
    return c.json({ ok: true });
  });
}
