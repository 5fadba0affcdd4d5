import type { Context } from "hono";
import { resolveArea } from "../areas.js";
import { requireShop } from "../auth.js";
import { API, type SimContext, type SsApp } from "../context.js";
import { ok } from "../envelope.js";
import { FEE_RULES, quote } from "../fees.js";
import { Fields, readBody } from "../input.js";

/**
 * C1 fee quote: `GET orders/price` (auth since v1.0.7), the SDK's `POST orders/price` (query
 * string or body), and the old anonymous `GET orders/fee`, which keeps the legacy
 * `{date, time, name}` ETA objects (§4, §9). All three count as endpoint "price".
 */
export function priceRoutes(app: SsApp, sim: SimContext): void {
  const { state, control } = sim;
  const auth = requireShop(state);

  const answer = (c: Context, params: Record<string, unknown>, legacy: boolean) => {
    const f = new Fields(params);
    const from = resolveArea(f, { province: "sender_province", district: "sender_district" });
    const to = resolveArea(f, { province: "receiver_province", district: "receiver_district" });
    const weight = f.int("weight", { required: true, min: 1 });
    if (weight !== null && weight > FEE_RULES.maxWeightGrams) f.fail("weight", `Khối lượng không được vượt quá ${FEE_RULES.maxWeightGrams} gram.`);
    const value = f.int("value", { min: 0 }) ?? 0;
    f.throwIfInvalid();
    return ok(c, quote({ fromProvince: from!.province.code, toProvince: to!.province.code, weight: weight!, value, now: state.now(), legacy }));
  };

  app.get(`${API}/orders/price`, control.endpoint("price"), auth, (c) => answer(c, c.req.query(), false));
  app.post(`${API}/orders/price`, control.endpoint("price"), auth, async (c) => answer(c, { ...(await readBody(c)), ...c.req.query() }, false));
  app.get(`${API}/orders/fee`, control.endpoint("price"), (c) => answer(c, c.req.query(), true));
}
