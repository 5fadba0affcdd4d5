import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Gateway API keys: `fg_<keyId>_<secret>`. The keyId is a public handle for finding the stored
 * record (and for log lines); only sha256(secret) is stored, so a leaked database grants nothing.
 * A fast hash is enough because the secret is 256 random bits, not a password.
 */

const KEY_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const KEY_ID_LENGTH = 12;
const SECRET_BYTES = 32;
// The keyId is alphanumeric while the secret is base64url (which may itself contain "_"), so the
// key is parsed by position, not by splitting on "_".
const KEY_PATTERN = /^fg_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** The full key: shown to its owner once, never stored. */
  key: string;
  keyId: string;
  /** sha256(secret), hex: what the store keeps. */
  hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const keyId = randomKeyId();
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  return { key: `fg_${keyId}_${secret}`, keyId, hash: hashSecret(secret) };
}

/** Null when the text is not shaped like a key (so callers answer "unauthenticated", not 500). */
export function parseApiKey(key: string): { keyId: string; secret: string } | null {
  const m = KEY_PATTERN.exec(key.trim());
  return m?.[1] && m[2] ? { keyId: m[1], secret: m[2] } : null;
}

export function verifyApiKey(key: string, storedHash: string): boolean {
  const parsed = parseApiKey(key);
  if (!parsed) return false;
  const actual = Buffer.from(hashSecret(parsed.secret), "hex");
  const expected = Buffer.from(storedHash, "hex");
  // timingSafeEqual throws on unequal lengths; a malformed stored hash is simply a mismatch.
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Rejection sampling keeps every character equally likely (256 is not a multiple of 62). */
function randomKeyId(): string {
  let id = "";
  while (id.length < KEY_ID_LENGTH) {
    for (const b of randomBytes(KEY_ID_LENGTH * 2)) {
      if (b < 248 && id.length < KEY_ID_LENGTH) id += KEY_ID_CHARS[b % 62];
    }
  }
  return id;
}
