import { describe, expect, it } from "vitest";
import { generateApiKey, parseApiKey, verifyApiKey } from "../../src/auth/api-keys.js";

describe("api keys", () => {
  it("generates fg_<keyId>_<secret> keys that verify against their hash", () => {
    const { key, keyId, hash } = generateApiKey();
    expect(key).toMatch(/^fg_[A-Za-z0-9]{12}_[\w-]{43}$/);
    expect(parseApiKey(key)).toEqual({ keyId, secret: key.slice(16) });
    expect(verifyApiKey(key, hash)).toBe(true);
    expect(generateApiKey().key).not.toBe(key);
  });

  it("stores a hash that is not the key or its secret", () => {
    const { key, hash } = generateApiKey();
    const secret = parseApiKey(key)!.secret;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(secret);
    expect(key).not.toContain(hash);
  });

  it("rejects a wrong secret", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(verifyApiKey(b.key, a.hash)).toBe(false);
    const forged = `fg_${a.keyId}_${parseApiKey(b.key)!.secret}`;
    expect(verifyApiKey(forged, a.hash)).toBe(false);
  });

  it("rejects malformed keys and malformed stored hashes", () => {
    const { key, hash } = generateApiKey();
    for (const bad of ["", "fg_", key.slice(0, -1), `${key}x`, key.replace("fg_", "xx_"), `Bearer ${key}`, key.replace(/_/, "-")]) {
      expect(parseApiKey(bad)).toBeNull();
      expect(verifyApiKey(bad, hash)).toBe(false);
    }
    expect(verifyApiKey(key, "")).toBe(false);
    expect(verifyApiKey(key, hash.slice(0, 10))).toBe(false);
  });
});
