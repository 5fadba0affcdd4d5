import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Comparison, judge, report } from "./compare.js";
import { loadSchemaChecks, SchemaCheckSetupError } from "./config.js";
import { mainMergeBase, requireCommit, showAt, tagged } from "./git.js";

/**
 * npm run schema:check: the breaking-change check of the checked-in SDL files against the last
 * release, and against main's merge-base too when the file differs there (a branch's break is
 * caught against what main already serves), with the acknowledged changes of schema-checks.yaml.
 * Exit 1 on an unacknowledged breaking change, 2 when the check cannot run (bad file, shallow clone).
 */
export async function schemaCheck(cwd = process.cwd()): Promise<{ output: string; exitCode: number }> {
  const out: string[] = [];
  try {
    const checks = loadSchemaChecks(join(cwd, "schema-checks.yaml"));
    const { tag, commit } = checks.release;
    requireCommit(commit, `release ${tag}`, cwd);
    const tagCommit = tagged(tag, cwd);
    if (tagCommit !== null && tagCommit !== commit) out.push(`warning: tag ${tag} is ${tagCommit}; schema-checks.yaml says ${commit}`);
    const branch = mainMergeBase(cwd);
    const comparisons: Comparison[] = [];
    for (const file of checks.files) {
      const newSdl = readFileSync(join(cwd, file.path), "utf8");
      const base = file.base ?? commit;
      if (file.base) requireCommit(file.base, `${file.path}'s base`, cwd);
      const label = file.base ? `${file.base.slice(0, 7)} (newer than ${tag})` : `release ${tag} ${commit.slice(0, 7)}`;
      comparisons.push({ file: file.path, base: label, oldSdl: showAt(base, file.path, cwd), newSdl });
      // On main with a clean tree (CI's fresh clone) the merge-base holds the same text: nothing to add.
      const mainSdl = branch && branch.commit !== base ? showAt(branch.commit, file.path, cwd) : null;
      if (branch && mainSdl !== null && mainSdl.trim() !== newSdl.trim()) {
        comparisons.push({ file: file.path, base: `merge-base ${branch.ref} ${branch.commit.slice(0, 7)}`, oldSdl: mainSdl, newSdl });
      }
    }
    const verdict = await judge(comparisons, checks.acknowledged);
    out.push(`schema check: ${comparisons.map((c) => `${c.file} against ${c.base}`).join("; ")}`, report(verdict));
    out.push(verdict.failed ? "schema check: FAILED" : "schema check: passed");
    return { output: out.join("\n"), exitCode: verdict.failed ? 1 : 0 };
  } catch (error) {
    if (!(error instanceof SchemaCheckSetupError)) throw error;
    return { output: [...out, `schema check: cannot run: ${error.message}`].join("\n"), exitCode: 2 };
  }
}
