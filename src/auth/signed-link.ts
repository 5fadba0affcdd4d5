import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { KeyRing } from "../store/crypto.js";

/**
 * Short-lived signed links, so a browser (which cannot send our API key header) can start the
 * HyperSKU OAuth flow for a tenant. The HMAC key is derived from the encryption key with HKDF,
 * so no second secret has to be configured, and the two uses never share a key. Links are
 * signed with the current key and accepted under a previous one too (ENCRYPTION_KEY_PREVIOUS),
 * so a link handed out just before a key rotation still works for its few minutes.
 */

export interface LinkSigner {
  sign(tenantId: string, ttlMs: number): string;
  /** The tenant id, or null when the link is malformed, forged or expired. */
  verify(link: string): string | null;
}

export function createLinkSigner(keys: string | KeyRing, now: () => number = Date.now): LinkSigner {
  const ring: KeyRing = typeof keys === "string" ? { current: keys } : keys;
  const derive = (k: string) => Buffer.from(hkdfSync("sha256", Buffer.from(k, "base64"), Buffer.alloc(0), "fg signed links v1", 32));
  const [current, ...previous] = [ring.current, ...(ring.previous ?? [])].map(derive) as [Buffer, ...Buffer[]];
  const mac = (key: Buffer, payload: string) => createHmac("sha256", key).update(payload).digest("base64url");
  const signedBy = (payload: string, sig: string) => {
    const given = Buffer.from(sig);
    return [current, ...previous].some((key) => {
      const expected = Buffer.from(mac(key, payload));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  };
  return {
    sign(tenantId, ttlMs) {
      const payload = Buffer.from(JSON.stringify({ t: tenantId, e: now() + ttlMs })).toString("base64url");
      return `${payload}.${mac(current, payload)}`;
    },
    verify(link) {
      const [payload, sig] = link.split(".");
      if (!payload || !sig) return null;
      if (!signedBy(payload, sig)) return null;
      try {
        const { t, e } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { t?: unknown; e?: unknown };
        return typeof t === "string" && typeof e === "number" && e > now() ? t : null;
      } catch {
        return null;
      }
    },
  };
}
