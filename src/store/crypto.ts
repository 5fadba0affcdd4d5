import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProviderConnection } from "./types.js";

/**
 * AES-256-GCM for provider secrets at rest: a stolen database file or Redis dump must not hand
 * over merchants' provider accounts. Blob format: `v1.<iv>.<tag>.<ciphertext>` (base64url), the
 * version prefix leaving room for key rotation later.
 */

export interface Cipher {
  encrypt(plain: string): string;
  decrypt(blob: string): string;
}

/** Raised when a blob cannot be decrypted: wrong key, tampered or truncated data, unknown format. */
export class DecryptionError extends Error {
  override name = "DecryptionError";
}

/** Raised when the configured encryption key is not 32 bytes of base64. */
export class EncryptionKeyError extends Error {
  override name = "EncryptionKeyError";
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

export function createCipher(keyBase64: string): Cipher {
  const key = Buffer.from(keyBase64.trim(), "base64");
  if (key.length !== 32) throw new EncryptionKeyError("encryption key must be 32 bytes, base64-encoded");
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const c = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
      return ["v1", iv, c.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
    },
    decrypt(blob) {
      const [version, iv, tag, body, ...rest] = blob.split(".");
      if (version !== "v1" || iv === undefined || tag === undefined || body === undefined || rest.length > 0) {
        throw new DecryptionError("encrypted value has an unknown format");
      }
      const ivBuf = Buffer.from(iv, "base64url");
      const tagBuf = Buffer.from(tag, "base64url");
      // GCM accepts short tags; insisting on the full 16 bytes stops a truncated-tag forgery.
      if (ivBuf.length !== IV_BYTES || tagBuf.length !== TAG_BYTES) {
        throw new DecryptionError("encrypted value has an unknown format");
      }
      try {
        const d = createDecipheriv("aes-256-gcm", key, ivBuf, { authTagLength: TAG_BYTES });
        d.setAuthTag(tagBuf);
        return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
      } catch {
        // The underlying error says nothing useful and must not be chained into logs.
        throw new DecryptionError("could not decrypt value: wrong encryption key or tampered data");
      }
    },
  };
}

/**
 * Demo mode only: keeps a generated key in `<dir>/encryption.key` (mode 0600) so tokens stay
 * readable across restarts without configuring ENCRYPTION_KEY.
 */
export function loadOrCreateKeyFile(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "encryption.key");
  const existing = readIfExists(file);
  if (existing !== null) return existing;
  // Written aside, then linked into place: link() fails if the file exists, so two processes
  // starting together agree on one key and neither can read a half-written file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(tmp, `${generateKey()}\n`, { flag: "wx", mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    unlinkSync(tmp);
  }
  return readFileSync(file, "utf8").trim();
}

function readIfExists(file: string): string | null {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** The encrypted-at-rest shape of a connection, shared by both backends. */
export type SealedConnection = Omit<ProviderConnection, "secrets"> & { secrets: string | null };

export function sealConnection(c: ProviderConnection, cipher: Cipher): SealedConnection {
  return {
    ...c,
    accessToken: cipher.encrypt(c.accessToken),
    refreshToken: c.refreshToken === null ? null : cipher.encrypt(c.refreshToken),
    secrets: c.secrets === null ? null : cipher.encrypt(JSON.stringify(c.secrets)),
  };
}

export function openConnection(s: SealedConnection, cipher: Cipher): ProviderConnection {
  return {
    ...s,
    accessToken: cipher.decrypt(s.accessToken),
    refreshToken: s.refreshToken === null ? null : cipher.decrypt(s.refreshToken),
    secrets: s.secrets === null ? null : (JSON.parse(cipher.decrypt(s.secrets)) as Record<string, string>),
  };
}
