import type { Handler, Hono, MiddlewareHandler } from "hono";
import type { Control } from "../../shared/control.js";
import { requireToken, type SimEnv } from "../auth.js";
import { type Method, SIM_ROUTES, type SimEndpoint } from "../contract/routes.js";
import type { AccountData, HyperskuState } from "../state.js";

/** What every route module needs, and the one way provider routes are mounted. */
export interface RouteDeps {
  app: Hono<SimEnv>;
  control: Control;
  state: HyperskuState;
}

const passThrough: MiddlewareHandler<SimEnv> = async (_c, next) => next();

/**
 * Mounts `handler` at `name`'s route in the simulator's own table (contract/routes.ts), or at
 * `at` for undocumented aliases counted under `name`, behind the control middleware (counters, log, latency, faults) and, for business routes,
 * the token check.
 */
export function provide(deps: RouteDeps, name: SimEndpoint, handler: Handler<SimEnv>, at?: { method: Method; path: string }): void {
  const { method, path } = at ?? SIM_ROUTES[name];
  const auth = SIM_ROUTES[name].auth ? requireToken(deps.state.auth) : passThrough;
  deps.app.on(method, path, deps.control.endpoint(name), auth, handler);
}

/** The caller's account; only valid behind the token check. */
export function accountOf(deps: RouteDeps, c: { get(key: "simAccount"): string }): AccountData {
  return deps.state.account(c.get("simAccount"));
}
