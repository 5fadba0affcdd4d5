import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";

/**
 * DATA_DIR holds tenant names, API key hashes, OAuth states, stored idempotency answers and, in
 * the demo, the encryption key: no other local user may read it. The directory is created 0700
 * and its files 0600 (docs/decisions/025-csp.md). A directory that already exists with group or
 * other bits is tightened to 0700, and `warn` says so; if it cannot be (another owner), `warn`
 * says that instead and the process goes on.
 */

export type Warn = (message: string) => void;

export function ensurePrivateDir(dir: string, warn: Warn = () => {}): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(dir, 0o700);
    warn(`DATA_DIR ${dir} was readable by other users (mode ${mode.toString(8)}): set to 700`);
  } catch {
    warn(`DATA_DIR ${dir} is readable by other users (mode ${mode.toString(8)}) and could not be set to 700: restrict it`);
  }
}

/**
 * A file that only this user may read or write: created 0600 if missing (before SQLite opens it,
 * so its -wal and -shm files, which SQLite creates with the database file's mode, are 0600 too),
 * tightened to 0600 if it exists.
 */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, "a", 0o600));
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

/** Tightens files that exist (a database's -wal and -shm left by an older version); ignores missing ones. */
export function tightenIfPresent(...files: string[]): void {
  for (const file of files) {
    if (existsSync(file) && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
}
