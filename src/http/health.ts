import { Hono } from "hono";
import type { AppDeps } from "../resolvers/context.js";
import type { Admission } from "./admission.js";

/**
 * Liveness (the process answers) and readiness (the store answers; circuits, concurrency limits
 * and tenant admission reported). `draining`: the process is shutting down (src/http/serve.ts),
 * so it is not ready whatever the store says: a load balancer takes it out before the
 * connections close.
 */
export function healthRoutes(deps: AppDeps, { admission, draining = () => false }: { admission?: Admission | undefined; draining?: () => boolean } = {}): Hono {
  const routes = new Hono();
  const tenants = () => (admission ? { admission: admission.load() } : {});
  routes.get("/healthz", (c) => c.json({ status: "ok" }));
  routes.get("/readyz", async (c) => {
    const providers = Object.fromEntries(Object.entries(deps.providers.transports).map(([name, t]) => [name, { circuit: t.circuitState(), ...t.load() }]));
    if (draining()) return c.json({ status: "draining", store: deps.store.kind, providers, ...tenants() }, 503);
    try {
      await deps.store.ping();
      return c.json({ status: "ready", store: deps.store.kind, providers, ...tenants() });
    } catch {
      return c.json({ status: "unavailable", store: deps.store.kind, providers, ...tenants() }, 503);
    }
  });
  return routes;
}
