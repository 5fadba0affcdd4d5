import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCipher, DecryptionError, EncryptionKeyError, generateKey, loadOrCreateKeyFile } from "../../src/store/crypto.js";

const PLAIN = "tok_SECRET_abc123 — ünïcode ✓";

/** Flips one bit of the given part (1 iv, 2 tag, 3 ciphertext) of a v1 blob. */
function tamper(blob: string, part: 1 | 2 | 3): string {
  const parts = blob.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("createCipher", () => {
  const key = generateKey();
  const cipher = createCipher(key);

  it("round-trips text in the v1 format with a fresh IV each time", () => {
    const blob = cipher.encrypt(PLAIN);
    expect(blob).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
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

  it.each([1, 2, 3] as const)("rejects a blob tampered in part %i", (part) => {
    expect(() => cipher.decrypt(tamper(cipher.encrypt(PLAIN), part))).toThrow(DecryptionError);
  });

  it("rejects truncated tags and unknown formats", () => {
    const [v, iv, tag, body] = cipher.encrypt(PLAIN).split(".");
    const shortTag = Buffer.from(tag!, "base64url").subarray(0, 4).toString("base64url");
    for (const bad of [`${v}.${iv}.${shortTag}.${body}`, `v2.${iv}.${tag}.${body}`, "plain text", "", `${v}.${iv}.${tag}.${body}.x`]) {
      expect(() => cipher.decrypt(bad)).toThrow(DecryptionError);
    }
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createCipher(Buffer.alloc(16).toString("base64"))).toThrow(EncryptionKeyError);
    expect(() => createCipher("")).toThrow(EncryptionKeyError);
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
