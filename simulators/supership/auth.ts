import type { MiddlewareHandler } from "hono";
import { newAccessToken } from "./codes.js";
import type { SsEnv } from "./context.js";
import { unauthenticated } from "./envelope.js";
import type { Shop, SupershipState } from "./state.js";

/** Bearer-token auth (§3.3): each token belongs to exactly one shop. */

/** 1 year, as in the docs' token examples (§3.2). */
export const TOKEN_LIFETIME_SECONDS = 31_536_000;

export function requireShop(state: SupershipState): MiddlewareHandler<SsEnv> {
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    const shopCode = match ? state.tokens.get(match[1] as string) : undefined;
    const shop = shopCode ? state.shops.get(shopCode) : undefined;
    if (!shop) throw unauthenticated();
    c.set("shop", shop);
    c.set("simAccount", shop.code);
    await next();
  };
}

/** Issues a fresh token for the shop; earlier tokens stay valid (no rotation is documented). */
export function issueToken(state: SupershipState, shop: Shop) {
  const token = newAccessToken(state);
  state.tokens.set(token, shop.code);
  return { token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS, access_token: token };
}
