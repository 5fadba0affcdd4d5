import { Hono } from "hono";
import type { AppDeps } from "../resolvers/context.js";

/** Liveness (the process answers) and readiness (the store answers; circuits and concurrency limits reported). */
export function healthRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  routes.get("/healthz", (c) => c.json({ status: "ok" }));
  routes.get("/readyz", async (c) => {
    const providers = Object.fromEntries(Object.entries(deps.providers.transports).map(([name, t]) => [name, { circuit: t.circuitState(), ...t.load() }]));
    try {
      await deps.store.ping();
      return c.json({ status: "ready", store: deps.store.kind, providers });
    } catch {
      return c.json({ status: "unavailable", store: deps.store.kind, providers }, 503);
    }
  });
  return routes;
}
