import { requireShop } from "../auth.js";
import { API, type SimContext, type SsApp } from "../context.js";
import { invalidField, ok } from "../envelope.js";
import { Fields, readBody } from "../input.js";
import type { WebhookRegistration } from "../state.js";
import { plainVn } from "../time.js";

/**
 * E1/E2: one callback URL per shop, "YYYY-MM-DD HH:mm:ss" timestamps as in the docs' examples.
 * INVENTED: GET with nothing registered answers Success with `results: null`; the URL must be
 * absolute http(s) (http allowed so local receivers work); re-registering keeps `created_at`.
 */

const view = (w: WebhookRegistration) => ({ url: w.url, created_at: plainVn(w.createdAt), updated_at: plainVn(w.updatedAt) });

export function webhookRoutes(app: SsApp, sim: SimContext): void {
  const { state, control } = sim;
  const auth = requireShop(state);

  app.get(`${API}/webhooks`, control.endpoint("getWebhook"), auth, (c) => {
    const hook = c.get("shop").webhook;
    return ok(c, hook ? view(hook) : null);
  });

  app.post(`${API}/webhooks/create`, control.endpoint("createWebhook"), auth, async (c) => {
    const f = new Fields(await readBody(c));
    const url = f.text("url", { required: true });
    f.throwIfInvalid();
    if (!/^https?:$/.test(URL.canParse(url) ? new URL(url).protocol : "")) throw invalidField("url", "Trường url không phải đường dẫn hợp lệ.");
    const shop = c.get("shop");
    const now = state.now();
    // Only orders created from now on post to this URL (§5 E2); existing ones keep their snapshot.
    shop.webhook = { url, createdAt: shop.webhook?.createdAt ?? now, updatedAt: now };
    return ok(c, view(shop.webhook));
  });
}
