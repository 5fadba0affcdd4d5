import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context as HonoContext } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { CookieOptions } from "hono/utils/cookie";
import { isLoopback } from "../config.js";

/**
 * Binds an OAuth flow to the browser that started it (RFC 9700 §4.7, login CSRF): `start` puts
 * a random value in an HttpOnly cookie and keeps only its hash with the state; the callback
 * accepts the state only from a browser presenting that value. Without this, a tenant could
 * send its consent URL to a merchant and have the merchant's approval land on its own tenant.
 *
 * One cookie per flow, named after the state, so two tabs started one after the other both
 * still finish. SameSite=Lax: the callback is a top-level navigation from HyperSKU, which Lax
 * cookies go along with. Secure (with the __Host- prefix) unless the public URL is plain http
 * on a loopback host, the demo: not every browser keeps a Secure cookie set over plain http,
 * even on loopback (Chromium does; test/browser/oauth.test.ts runs the demo's setting).
 */

export interface BrowserBinding {
  /** Sets the flow's cookie on the response; returns the hash to store with the state. */
  bind(c: HonoContext, state: string, maxAgeSec: number): string;
  /** True when the request carries the cookie whose hash was stored with the state. Clears the cookie either way. */
  check(c: HonoContext, state: string, storedHash: string | null): boolean;
}

const hash = (value: string) => createHash("sha256").update(value).digest("base64url");

export function browserBinding(publicUrl: string): BrowserBinding {
  const url = new URL(publicUrl);
  const secure = !(url.protocol === "http:" && isLoopback(url.hostname));
  // __Host- cookies must be Secure, have Path=/ and no Domain: the browser enforces all three.
  const base: CookieOptions = secure ? { prefix: "host", secure: true, path: "/" } : { path: "/auth/hypersku" };
  const prefix = secure ? "host" : undefined;
  // The state is already in the URL; a prefix of it only tells the flows of one browser apart.
  const name = (state: string) => `fg_oauth_${state.slice(0, 16)}`;

  return {
    bind(c, state, maxAgeSec) {
      const value = randomBytes(32).toString("base64url");
      setCookie(c, name(state), value, { ...base, httpOnly: true, sameSite: "Lax", maxAge: maxAgeSec });
      return hash(value);
    },
    check(c, state, storedHash) {
      const value = getCookie(c, name(state), prefix);
      deleteCookie(c, name(state), { ...base, httpOnly: true, sameSite: "Lax" });
      if (!value || !storedHash) return false;
      const [given, expected] = [Buffer.from(hash(value)), Buffer.from(storedHash)];
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
