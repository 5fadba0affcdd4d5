import { createHash, randomBytes } from "node:crypto";

/**
 * SuperShip signs nothing it pushes (docs/providers/supership.md §6), so the URL is the
 * credential: `/webhooks/supership/<token>`, 32 random bytes in base64url per tenant. The store
 * finds the tenant by the token's SHA-256 (a fast hash is enough for 256 random bits).
 */

const TOKEN_BYTES = 32;
/** What a token looks like: anything else is answered 404 without a store read. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateWebhookToken(): { token: string; hash: string } {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, hash: hashWebhookToken(token) };
}

export function hashWebhookToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

export const isWebhookTokenShaped = (token: string): boolean => TOKEN_PATTERN.test(token);

/** The URL with its token replaced, for showing a registration (the token is a secret). */
export function maskWebhookUrl(url: string): string {
  return url.replace(/\/webhooks\/supership\/[^/?#]+/, "/webhooks/supership/***");
}
