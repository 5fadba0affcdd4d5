import { requireShop } from "../auth.js";
import { API, type SimContext, type SsApp } from "../context.js";
import { notFound, ok, SsHttpError } from "../envelope.js";
import { Fields, readBody } from "../input.js";
import { parseNewOrder } from "../order-input.js";
import { cancelView, createView, infoView } from "../order-views.js";
import { applyStatus, createOrder, findBySoc, findOwnOrder } from "../orders.js";
import { CANCELLABLE, STATUS_DOC_ORDER, STATUS_NAMES } from "../status-table.js";

/**
 * C2 create, C3 status table, C4 info, C7 cancel. Another shop's order is indistinguishable
 * from a missing one (404). INVENTED: a repeated `soc` creates another order (the real
 * behaviour is unknown, §8; we assume the worst), and `type=2` returns the most recent one.
 */

export const orderNotFound = (code: string) => notFound(`Không tìm thấy Đơn hàng "${code}".`, "code", `Mã đơn hàng "${code}" không tồn tại.`);

export function orderRoutes(app: SsApp, sim: SimContext): void {
  const { state, control, webhooks } = sim;
  const auth = requireShop(state);

  app.post(`${API}/orders/add`, control.endpoint("createOrder"), auth, async (c) => {
    const shop = c.get("shop");
    const input = parseNewOrder(state, shop.code, await readBody(c));
    return ok(c, createView(createOrder(state, shop, input, state.now())), "");
  });

  app.get(`${API}/orders/status`, control.endpoint("statusTable"), (c) =>
    ok(
      c,
      STATUS_DOC_ORDER.map((key) => ({ key, value: STATUS_NAMES[key] })),
      "Lấy Danh Sách Trạng Thái thành công.",
    ),
  );

  app.get(`${API}/orders/info`, control.endpoint("orderInfo"), auth, (c) => {
    const f = new Fields(c.req.query());
    const code = f.text("code", { required: true });
    const type = f.oneOf("type", ["1", "2"] as const) ?? "1";
    f.throwIfInvalid();
    const shop = c.get("shop").code;
    const order = type === "2" ? findBySoc(state, shop, code) : findOwnOrder(state, shop, code);
    if (!order) throw orderNotFound(code);
    return ok(c, infoView(order));
  });

  app.post(`${API}/orders/cancel`, control.endpoint("cancelOrder"), auth, async (c) => {
    const f = new Fields(await readBody(c));
    const code = f.text("code", { required: true });
    f.throwIfInvalid();
    const order = findOwnOrder(state, c.get("shop").code, code);
    if (!order) throw orderNotFound(code);
    if (!CANCELLABLE.includes(order.status)) {
      const message = `Đơn hàng đang ở trạng thái "${STATUS_NAMES[order.status]}", không thể hủy.`;
      throw new SsHttpError(422, message, { code: [message] });
    }
    applyStatus(order, "0", state.now());
    webhooks.notify(order, "update_status");
    return ok(c, cancelView(order));
  });
}
