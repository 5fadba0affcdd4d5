import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import type { KeyRing } from "../store/crypto.js";
import type { Store } from "../store/types.js";

/**
 * Short-lived signed links, so a browser (which cannot send our API key header) can start the
 * HyperSKU OAuth flow for a tenant. The HMAC key is derived from the encryption key with HKDF,
 * so no second secret has to be configured, and the two uses never share a key. Links are
 * signed with the current key and accepted under a previous one too (ENCRYPTION_KEY_PREVIOUS),
 * so a link handed out just before a key rotation still works for its few minutes.
 *
 * A link carries a random id: `redeemLink` accepts it once, and only while its tenant is active
 * (docs/decisions/022-oauth-browser-binding.md), so a link copied from a browser's history or a
 * proxy log cannot start a second flow, and revoking a tenant kills the links it was handed.
 */

export interface SignedLink {
  tenantId: string;
  /** Random, unique per link: what the store records as used. */
  linkId: string;
  expiresAt: number;
}

export interface LinkSigner {
  sign(tenantId: string, ttlMs: number): string;
  /** What the link says, or null when it is malformed, forged or expired. Checks no store: see redeemLink. */
  verify(link: string): SignedLink | null;
}

/** The tenant a link was signed for, the first time it is presented while that tenant is active; null otherwise. */
export async function redeemLink(signer: LinkSigner, store: Store, link: string): Promise<string | null> {
  const signed = signer.verify(link);
  if (!signed) return null;
  const tenant = await store.getTenant(signed.tenantId);
  if (!tenant || tenant.revokedAt !== null) return null;
  return (await store.claimLink(signed.linkId, signed.expiresAt)) ? tenant.id : null;
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
      const payload = Buffer.from(JSON.stringify({ t: tenantId, e: now() + ttlMs, n: randomBytes(16).toString("base64url") })).toString("base64url");
      return `${payload}.${mac(current, payload)}`;
    },
    verify(link) {
      const [payload, sig] = link.split(".");
      if (!payload || !sig) return null;
      if (!signedBy(payload, sig)) return null;
      try {
        const { t, e, n } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { t?: unknown; e?: unknown; n?: unknown };
        // A link without an id (signed before links were single-use) is refused like an expired one.
        if (typeof t !== "string" || typeof e !== "number" || typeof n !== "string" || e <= now()) return null;
        return { tenantId: t, linkId: n, expiresAt: e };
      } catch {
        return null;
      }
    },
  };
}
