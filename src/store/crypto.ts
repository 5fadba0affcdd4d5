import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePrivateDir, tightenIfPresent, type Warn } from "./data-dir.js";
import type { ProviderConnection } from "./types.js";

/**
 * AES-256-GCM for provider secrets at rest: a stolen database file or Redis dump must not hand
 * over merchants' provider accounts.
 *
 * Blob formats (base64url parts):
 * - `v2.<kid>.<iv>.<tag>.<ciphertext>`, written now. `kid` is the key id (keyId below): a
 *   non-secret name of the key that sealed it, also bound into the tag as associated data.
 * - `v1.<iv>.<tag>.<ciphertext>`, written before key rotation existed: no key id, so it is
 *   tried with the current key, then each previous one.
 * The current key (ENCRYPTION_KEY) seals; previous keys (ENCRYPTION_KEY_PREVIOUS) only open,
 * until `npm run tenant -- rekey` has resealed everything (docs/decisions/016-key-rotation.md).
 */

export interface Cipher {
  encrypt(plain: string): string;
  decrypt(blob: string): string;
  /** True when `blob` is not sealed with the current key (a v1 blob, another key id, or no known format). Reads the header only. */
  needsRekey(blob: string): boolean;
  /** The current key's id, as v2 blobs carry it. */
  readonly keyId: string;
  /** The ids of the keys that only decrypt, in the configured order. */
  readonly previousKeyIds: readonly string[];
}

/** The keys a cipher holds: `current` seals and opens; each of `previous` only opens. Base64, 32 bytes each. */
export interface KeyRing {
  current: string;
  previous?: readonly string[];
}

/** Raised when a blob cannot be decrypted: wrong key, tampered or truncated data, unknown format. */
export class DecryptionError extends Error {
  override name = "DecryptionError";
  /** For a v2 blob whose key is not configured: that key's id (not secret), so an operator knows which key is missing. */
  readonly keyId: string | undefined;
  constructor(message: string, keyId?: string) {
    super(message);
    this.keyId = keyId;
  }
}

/** Raised when the configured encryption key is not 32 bytes of base64. */
export class EncryptionKeyError extends Error {
  override name = "EncryptionKeyError";
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KID_BYTES = 8;
const KID = /^[A-Za-z0-9_-]{11}$/;

export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

function keyBytes(keyBase64: string, what: string): Buffer {
  const key = Buffer.from(keyBase64.trim(), "base64");
  if (key.length !== 32) throw new EncryptionKeyError(`${what} must be 32 bytes, base64-encoded`);
  return key;
}

/**
 * A key's id: 8 bytes of HKDF-SHA256 over the key (its own info string, so it shares nothing
 * with the signed-link key), base64url. One-way: it names a key without revealing it.
 */
export function keyId(keyBase64: string): string {
  return kidOf(keyBytes(keyBase64, "encryption key"));
}

const kidOf = (key: Buffer) => Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "fg encryption key id v1", KID_BYTES)).toString("base64url");

/** A blob split into its parts; `kid` is null for a v1 blob (no key id). */
interface Parsed {
  kid: string | null;
  iv: Buffer;
  tag: Buffer;
  body: Buffer;
}

function parse(blob: string): Parsed | null {
  const parts = blob.split(".");
  let kid: string | null = null;
  if (parts[0] === "v2" && parts.length === 5) [kid] = parts.splice(1, 1) as [string];
  else if (parts[0] !== "v1" || parts.length !== 4) return null;
  if (kid !== null && !KID.test(kid)) return null;
  const [, iv, tag, body] = parts as [string, string, string, string];
  const ivBuf = Buffer.from(iv, "base64url");
  const tagBuf = Buffer.from(tag, "base64url");
  // GCM accepts short tags; insisting on the full 16 bytes stops a truncated-tag forgery.
  if (ivBuf.length !== IV_BYTES || tagBuf.length !== TAG_BYTES) return null;
  return { kid, iv: ivBuf, tag: tagBuf, body: Buffer.from(body, "base64url") };
}

/** null when this key does not authenticate the blob. */
function open(key: Buffer, p: Parsed): string | null {
  try {
    const d = createDecipheriv("aes-256-gcm", key, p.iv, { authTagLength: TAG_BYTES });
    if (p.kid !== null) d.setAAD(Buffer.from(`v2.${p.kid}`));
    d.setAuthTag(p.tag);
    return Buffer.concat([d.update(p.body), d.final()]).toString("utf8");
  } catch {
    // The underlying error says nothing useful and must not be chained into logs.
    return null;
  }
}

/** One key (a string), or a current key and previous ones that still decrypt. */
export function createCipher(keys: string | KeyRing): Cipher {
  const ring: KeyRing = typeof keys === "string" ? { current: keys } : keys;
  const current = keyBytes(ring.current, "encryption key");
  const currentId = kidOf(current);
  // By id; a previous key repeating the current one (or another previous one) adds nothing.
  const byId = new Map<string, Buffer>([[currentId, current]]);
  (ring.previous ?? []).forEach((k, i) => {
    const key = keyBytes(k, `previous encryption key ${i + 1}`);
    const id = kidOf(key);
    if (!byId.has(id)) byId.set(id, key);
  });
  const previousKeyIds = [...byId.keys()].slice(1);
  return {
    keyId: currentId,
    previousKeyIds,
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const c = createCipheriv("aes-256-gcm", current, iv);
      c.setAAD(Buffer.from(`v2.${currentId}`));
      const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
      return ["v2", currentId, ...[iv, c.getAuthTag(), body].map((b) => b.toString("base64url"))].join(".");
    },
    decrypt(blob) {
      const p = parse(blob);
      if (!p) throw new DecryptionError("encrypted value has an unknown format");
      if (p.kid !== null) {
        const key = byId.get(p.kid);
        if (!key) {
          throw new DecryptionError(`encrypted value was sealed with key id ${p.kid}, which is not configured (ENCRYPTION_KEY or ENCRYPTION_KEY_PREVIOUS)`, p.kid);
        }
        const plain = open(key, p);
        if (plain === null) throw new DecryptionError("could not decrypt value: tampered data");
        return plain;
      }
      for (const key of byId.values()) {
        const plain = open(key, p);
        if (plain !== null) return plain;
      }
      throw new DecryptionError("could not decrypt value: wrong encryption key or tampered data");
    },
    needsRekey(blob) {
      const p = parse(blob);
      return p?.kid !== currentId;
    },
  };
}

/**
 * Demo mode only: keeps a generated key in `<dir>/encryption.key` (mode 0600) so tokens stay
 * readable across restarts without configuring ENCRYPTION_KEY. The directory is made private as
 * the store's is (src/store/data-dir.ts).
 */
export function loadOrCreateKeyFile(dir: string, warn?: Warn): string {
  ensurePrivateDir(dir, warn);
  const file = join(dir, "encryption.key");
  const existing = readIfExists(file);
  if (existing !== null) {
    tightenIfPresent(file);
    return existing;
  }
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

/** Whether any blob of a sealed connection is not sealed with the cipher's current key. */
export function connectionNeedsRekey(s: SealedConnection, cipher: Cipher): boolean {
  return [s.accessToken, s.refreshToken, s.secrets].some((blob) => blob !== null && cipher.needsRekey(blob));
}
