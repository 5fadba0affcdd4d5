import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCipher, DecryptionError, EncryptionKeyError, generateKey, keyId, loadOrCreateKeyFile } from "../../src/store/crypto.js";
import { sealV1 } from "./legacy-v1.js";

const PLAIN = "tok_SECRET_abc123 — ünïcode ✓";

/** A v1 blob of PLAIN, written by the cipher before key rotation existed (commit 62d0e14), with V1_KEY. */
const V1_KEY = Buffer.alloc(32, 7).toString("base64");
const V1_BLOB = "v1.jOJ7j1eWGFT-GvGB.s_NBwUERS18VzlucSwIu2Q.6UoBVWGykqBvovYcWbLfbv1ZO4QbUICHi1eeimk0s7JPdms";

/** Flips one bit of the given part (v2: 1 key id, 2 iv, 3 tag, 4 ciphertext) of a blob. */
function tamper(blob: string, part: 1 | 2 | 3 | 4): string {
  const parts = blob.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("createCipher", () => {
  const key = generateKey();
  const cipher = createCipher(key);

  it("round-trips text in the v2 format, named by the key's id, with a fresh IV each time", () => {
    const blob = cipher.encrypt(PLAIN);
    expect(blob).toMatch(/^v2\.[\w-]{11}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(blob.split(".")[1]).toBe(keyId(key));
    expect(cipher.keyId).toBe(keyId(key));
    expect(blob).not.toContain("SECRET");
    expect(cipher.decrypt(blob)).toBe(PLAIN);
    expect(cipher.encrypt(PLAIN)).not.toBe(blob);
    expect(cipher.decrypt(cipher.encrypt(""))).toBe("");
  });

  it("rejects a wrong key without leaking the plaintext or the key", () => {
    const blob = cipher.encrypt(PLAIN);
    const err = (() => {
      try {
        createCipher(generateKey()).decrypt(blob);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DecryptionError);
    const text = `${(err as Error).message} ${(err as Error).stack ?? ""}`;
    expect(text).not.toContain("SECRET");
    expect(text).not.toContain(key);
  });

  it.each([1, 2, 3, 4] as const)("rejects a blob tampered in part %i", (part) => {
    expect(() => cipher.decrypt(tamper(cipher.encrypt(PLAIN), part))).toThrow(DecryptionError);
  });

  it("rejects truncated tags and unknown formats", () => {
    const [v, kid, iv, tag, body] = cipher.encrypt(PLAIN).split(".");
    const shortTag = Buffer.from(tag!, "base64url").subarray(0, 4).toString("base64url");
    for (const bad of [
      `${v}.${kid}.${iv}.${shortTag}.${body}`,
      `${v}.${iv}.${tag}.${body}`, // v2 without its key id
      `v1.${kid}.${iv}.${tag}.${body}`,
      `v3.${kid}.${iv}.${tag}.${body}`,
      `${v}.short.${iv}.${tag}.${body}`,
      "plain text",
      "",
      `${v}.${kid}.${iv}.${tag}.${body}.x`,
    ]) {
      expect(() => cipher.decrypt(bad)).toThrow(DecryptionError);
    }
  });

  it("still opens v1 blobs written before key rotation, and says they need a rekey", () => {
    const old = createCipher(V1_KEY);
    expect(old.decrypt(V1_BLOB)).toBe(PLAIN);
    expect(old.needsRekey(V1_BLOB)).toBe(true);
    expect(old.needsRekey(old.encrypt(PLAIN))).toBe(false);
    expect(() => cipher.decrypt(V1_BLOB)).toThrow(DecryptionError);
    expect(() => old.decrypt(tamper(V1_BLOB, 3))).toThrow(DecryptionError);
    // The tests' legacy sealer (rows of an older deployment) writes exactly what the old code did.
    expect(sealV1(V1_KEY, PLAIN, Buffer.from(V1_BLOB.split(".")[1]!, "base64url"))).toBe(V1_BLOB);
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createCipher(Buffer.alloc(16).toString("base64"))).toThrow(EncryptionKeyError);
    expect(() => createCipher("")).toThrow(EncryptionKeyError);
  });
});

describe("createCipher with previous keys (rotation)", () => {
  const k1 = generateKey();
  const k2 = generateKey();
  const old = createCipher(k1);
  const rotated = createCipher({ current: k2, previous: [k1, V1_KEY] });

  it("seals with the current key only, opens what the previous keys sealed (v1 and v2)", () => {
    const byOld = old.encrypt(PLAIN);
    expect(rotated.decrypt(byOld)).toBe(PLAIN);
    expect(rotated.decrypt(V1_BLOB)).toBe(PLAIN);
    const byRotated = rotated.encrypt(PLAIN);
    expect(byRotated.split(".")[1]).toBe(keyId(k2));
    expect(createCipher(k2).decrypt(byRotated)).toBe(PLAIN);
    expect(() => old.decrypt(byRotated)).toThrow(DecryptionError);
    expect(rotated.keyId).toBe(keyId(k2));
    expect(rotated.previousKeyIds).toEqual([keyId(k1), keyId(V1_KEY)]);
  });

  it("needsRekey: true for anything not sealed with the current key, without decrypting", () => {
    expect(rotated.needsRekey(old.encrypt(PLAIN))).toBe(true);
    expect(rotated.needsRekey(V1_BLOB)).toBe(true);
    expect(rotated.needsRekey("not a blob")).toBe(true);
    expect(rotated.needsRekey(rotated.encrypt(PLAIN))).toBe(false);
    expect(rotated.needsRekey(createCipher(k2).encrypt(PLAIN))).toBe(false);
  });

  it("an unknown key id is a DecryptionError naming the key id as not configured, never a key", () => {
    const stranger = generateKey();
    const blob = createCipher(stranger).encrypt(PLAIN);
    const err = (() => {
      try {
        rotated.decrypt(blob);
      } catch (e) {
        return e;
      }
    })() as DecryptionError;
    expect(err).toBeInstanceOf(DecryptionError);
    expect(err.keyId).toBe(keyId(stranger));
    expect(err.message).toMatch(/not configured/);
    for (const key of [stranger, k1, k2]) expect(`${err.message} ${err.stack}`).not.toContain(key);
    expect(err.message).not.toContain("SECRET");
  });

  it("binds the key id into the tag: a blob relabelled with another configured key id does not open", () => {
    const parts = old.encrypt(PLAIN).split(".");
    parts[1] = keyId(k2);
    expect(() => rotated.decrypt(parts.join("."))).toThrow(DecryptionError);
  });

  it("key ids are short, stable, distinct per key and do not contain the key", () => {
    expect(keyId(k1)).toMatch(/^[\w-]{11}$/);
    expect(keyId(k1)).toBe(keyId(` ${k1}\n`));
    expect(keyId(k1)).not.toBe(keyId(k2));
    expect(k1).not.toContain(keyId(k1));
    expect(Buffer.from(k1, "base64").toString("base64url")).not.toContain(keyId(k1));
  });

  it("refuses a previous key that is not 32 bytes, by position, without echoing it", () => {
    const bad = "my-secret-but-not-a-key";
    const err = (() => {
      try {
        createCipher({ current: k2, previous: [k1, bad] });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(EncryptionKeyError);
    expect(err?.message).toMatch(/previous encryption key 2/);
    expect(err?.message).not.toContain(bad);
  });

  it("a previous key repeating the current one is harmless", () => {
    const c = createCipher({ current: k2, previous: [k2, k1, k1] });
    expect(c.previousKeyIds).toEqual([keyId(k1)]);
    expect(c.decrypt(old.encrypt(PLAIN))).toBe(PLAIN);
  });
});

describe("loadOrCreateKeyFile", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates a 0600 key file once, then reads it back", () => {
    dir = join(mkdtempSync(join(tmpdir(), "fg-key-")), "nested");
    const key = loadOrCreateKeyFile(dir);
    expect(statSync(join(dir, "encryption.key")).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(dir)).toBe(key);
    const cipher = createCipher(key);
    expect(cipher.decrypt(cipher.encrypt("x"))).toBe("x");
  });
});
