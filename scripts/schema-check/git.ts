import { execFileSync } from "node:child_process";
import { SchemaCheckSetupError } from "./config.js";

const git = (args: string[], cwd: string) => execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] }).trim();

function tryGit(args: string[], cwd: string): string | null {
  try {
    return git(args, cwd);
  } catch {
    return null;
  }
}

/** Fails the check's setup, not the check, when a recorded base is missing: a shallow clone says so. */
export function requireCommit(commit: string, what: string, cwd: string): void {
  if (tryGit(["cat-file", "-e", `${commit}^{commit}`], cwd) !== null) return;
  const shallow = tryGit(["rev-parse", "--is-shallow-repository"], cwd) === "true";
  throw new SchemaCheckSetupError(
    shallow
      ? `${what} ${commit} is not in this shallow clone: run \`git fetch --unshallow\` (the check needs the full history)`
      : `${what} ${commit} is not a commit of this repository: fix schema-checks.yaml`,
  );
}

/** The commit a tag names, or null when the tag is absent (a fresh clone may have no tags). */
export const tagged = (tag: string, cwd: string) => tryGit(["rev-parse", "-q", "--verify", `refs/tags/${tag}^{commit}`], cwd);

/** Where HEAD left main (origin/main, else a local main), or null when no main ref exists. */
export function mainMergeBase(cwd: string, mainRefs = ["origin/main", "main"]): { ref: string; commit: string } | null {
  for (const ref of mainRefs) {
    if (tryGit(["rev-parse", "-q", "--verify", `${ref}^{commit}`], cwd) === null) continue;
    const commit = tryGit(["merge-base", "HEAD", ref], cwd);
    return commit === null ? null : { ref, commit };
  }
  return null;
}

/** A file's text at a commit, or null when the file did not exist there. */
export const showAt = (commit: string, file: string, cwd: string) => tryGit(["show", `${commit}:${file}`], cwd);
