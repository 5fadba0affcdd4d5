import type { Context } from "hono";
import { requireShop } from "../auth.js";
import { newPrintToken } from "../codes.js";
import { API, type SimContext, type SsApp } from "../context.js";
import { invalidField, ok } from "../envelope.js";
import { readBody } from "../input.js";
import { LABEL_SIZES, renderLabelError, renderLabelPage } from "../labels-page.js";
import { findOwnOrder } from "../orders.js";
import type { Order } from "../state.js";
import { orderNotFound } from "./orders.js";

/**
 * C5 print token and C6 label page. INVENTED: at most 100 codes per token (the real maximum is
 * unknown); tokens never expire and may be reused; the page answers 404 for an unknown token
 * and 422 for a size outside §7.3, both as HTML since it is a browser page.
 */

export const PRINT_TOKEN_MAX_CODES = 100;

export function labelRoutes(app: SsApp, sim: SimContext): void {
  const { state, control } = sim;

  app.post(`${API}/orders/token`, control.endpoint("printToken"), requireShop(state), async (c) => {
    const raw = (await readBody(c)).code;
    if (!Array.isArray(raw) || raw.length === 0) throw invalidField("code", "Trường code phải là một mảng mã đơn hàng không rỗng.");
    if (raw.length > PRINT_TOKEN_MAX_CODES) throw invalidField("code", `Chỉ được in tối đa ${PRINT_TOKEN_MAX_CODES} đơn hàng mỗi lần.`);
    if (raw.some((v) => typeof v !== "string" || v.trim() === "")) throw invalidField("code", "Mỗi phần tử của code phải là một mã đơn hàng.");
    const codes = [...new Set((raw as string[]).map((v) => v.trim()))];
    const shop = c.get("shop").code;
    const missing = codes.find((code) => !findOwnOrder(state, shop, code));
    if (missing) throw orderNotFound(missing);
    const token = newPrintToken(state);
    state.printJobs.set(token, { token, shop, codes, createdAt: state.now() });
    return ok(c, { token });
  });

  const page = (c: Context) => {
    const token = c.req.query("token") ?? "";
    const size = c.req.query("size") ?? "";
    const job = state.printJobs.get(token);
    if (!job) return c.html(renderLabelError("Mã in không tồn tại hoặc đã hết hạn."), 404);
    if (!(size in LABEL_SIZES)) return c.html(renderLabelError(`Khổ giấy "${size}" không hợp lệ.`), 422);
    const orders = job.codes.map((code) => state.orders.get(code)).filter((o): o is Order => o !== undefined);
    const base = sim.publicUrl ?? new URL(c.req.url).origin;
    return c.html(renderLabelPage({ token, size, orders, linkBase: `${base}${c.req.path}` }));
  };
  // Legacy API URL (SDK) and the current khachhang.supership.vn page, both on this host.
  app.get(`${API}/orders/label`, control.endpoint("labelPage"), page);
  app.get("/orders/awb", control.endpoint("labelPage"), page);
}
