import { Hono } from "hono";
import type { SimContext, SsEnv } from "./context.js";
import { onError } from "./envelope.js";
import { areaRoutes } from "./routes/areas.js";
import { authRoutes } from "./routes/auth.js";
import { controlRoutes } from "./routes/control.js";
import { labelRoutes } from "./routes/labels.js";
import { orderRoutes } from "./routes/orders.js";
import { priceRoutes } from "./routes/price.js";
import { warehouseRoutes } from "./routes/warehouses.js";
import { webhookRoutes } from "./routes/webhooks.js";

/** The SuperShip Partner API (§4) plus the control surface, on one Hono app. */
export function createSupershipApp(sim: SimContext): Hono<SsEnv> {
  const app = new Hono<SsEnv>();
  app.onError(onError);
  app.notFound((c) => c.json({ status: "Error", message: "Không tìm thấy đường dẫn." }, 404));
  sim.control.mount(app);
  controlRoutes(app, sim);
  authRoutes(app, sim);
  areaRoutes(app, sim);
  priceRoutes(app, sim);
  orderRoutes(app, sim);
  labelRoutes(app, sim);
  warehouseRoutes(app, sim);
  webhookRoutes(app, sim);
  return app;
}
