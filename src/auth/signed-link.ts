import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * Short-lived signed links, so a browser (which cannot send our API key header) can start the
 * HyperSKU OAuth flow for a tenant. The HMAC key is derived from the encryption key with HKDF,
 * so no second secret has to be configured, and the two uses never share a key.
 */

export interface LinkSigner {
  sign(tenantId: string, ttlMs: number): string;
  /** The tenant id, or null when the link is malformed, forged or expired. */
  verify(link: string): string | null;
}

export function createLinkSigner(encryptionKeyBase64: string, now: () => number = Date.now): LinkSigner {
  const key = Buffer.from(hkdfSync("sha256", Buffer.from(encryptionKeyBase64, "base64"), Buffer.alloc(0), "fg signed links v1", 32));
  const mac = (payload: string) => createHmac("sha256", key).update(payload).digest("base64url");
  return {
    sign(tenantId, ttlMs) {
      const payload = Buffer.from(JSON.stringify({ t: tenantId, e: now() + ttlMs })).toString("base64url");
      return `${payload}.${mac(payload)}`;
    },
    verify(link) {
      const [payload, sig] = link.split(".");
      if (!payload || !sig) return null;
      const expected = Buffer.from(mac(payload));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      try {
        const { t, e } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { t?: unknown; e?: unknown };
        return typeof t === "string" && typeof e === "number" && e > now() ? t : null;
      } catch {
        return null;
      }
    },
  };
}
