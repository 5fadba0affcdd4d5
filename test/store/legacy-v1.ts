import { createCipheriv, randomBytes } from "node:crypto";
import { type Cipher, createCipher } from "../../src/store/crypto.js";

/**
 * What the cipher wrote before key rotation existed: `v1.<iv>.<tag>.<ct>`, no key id. Stores of
 * older deployments hold such rows; test/store/crypto.test.ts checks this reproduces a blob the
 * old code wrote, byte for byte.
 */
export function sealV1(keyBase64: string, plain: string, iv: Buffer = randomBytes(12)): string {
  const c = createCipheriv("aes-256-gcm", Buffer.from(keyBase64, "base64"), iv);
  const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return ["v1", iv, c.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

/** A cipher that seals as the old code did, for a store that writes rows an older deployment left. */
export function legacyCipher(keyBase64: string): Cipher {
  return { ...createCipher(keyBase64), encrypt: (plain) => sealV1(keyBase64, plain) };
}
