import type { Handler, Hono, MiddlewareHandler } from "hono";
import { defaultPrefixes, hyperskuEndpoints, resolveRoute, type HyperskuEndpoint } from "../../../src/providers/hypersku/endpoints.js";
import type { Control } from "../../shared/control.js";
import { requireToken, type SimEnv } from "../auth.js";
import type { AccountData, HyperskuState } from "../state.js";

/** What every route module needs, and the one way provider routes are mounted. */
export interface RouteDeps {
  app: Hono<SimEnv>;
  control: Control;
  state: HyperskuState;
}

/** Method and Hono path of an endpoint: default prefixes, `{param}` becomes `:param`. */
export function honoRoute(name: HyperskuEndpoint): { method: "GET" | "POST"; path: string } {
  const template = hyperskuEndpoints[name].route;
  const params = Object.fromEntries([...template.matchAll(/\{(\w+)\}/g)].map(([, key]) => [key as string, `__${key}__`]));
  const { method, path } = resolveRoute(name, defaultPrefixes, params);
  return { method, path: path.replace(/__(\w+)__/g, ":$1") };
}

const passThrough: MiddlewareHandler<SimEnv> = async (_c, next) => next();

/**
 * Mounts `handler` at `name`'s route (or at `at`, for undocumented aliases counted under `name`),
 * behind the control middleware (counters, log, latency, faults) and, for business routes,
 * the token check.
 */
export function provide(deps: RouteDeps, name: HyperskuEndpoint, handler: Handler<SimEnv>, at?: { method: "GET" | "POST"; path: string }): void {
  const { method, path } = at ?? honoRoute(name);
  const auth = hyperskuEndpoints[name].auth ? requireToken(deps.state.auth) : passThrough;
  deps.app.on(method, path, deps.control.endpoint(name), auth, handler);
}

/** The caller's account; only valid behind the token check. */
export function accountOf(deps: RouteDeps, c: { get(key: "simAccount"): string }): AccountData {
  return deps.state.account(c.get("simAccount"));
}
