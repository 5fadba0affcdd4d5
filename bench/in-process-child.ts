import { writeFileSync } from "node:fs";
import { measureInProcess } from "./in-process.js";
import { profileDashboard } from "./profile.js";

/**
 * The in-process measurement as production runs the API: compiled (bench/tsconfig.serve.json →
 * .bench-build/, plain node, no tsx loader and its helpers in every function) and with
 * NODE_ENV=production in the environment (graphql-js and Yoga read it: no development checks).
 * bench/stack.ts `inProcessCompiled` starts it; it writes its JSON answer to the file named last.
 *
 *   node .bench-build/bench/in-process-child.js measure <iterations> <out.json>
 *   node .bench-build/bench/in-process-child.js profile <iterations> <command> <out.json>
 */
const [what, n, ...rest] = process.argv.slice(2);
const out = rest.at(-1);
if (!out || (what !== "measure" && what !== "profile")) throw new Error("usage: in-process-child.js measure|profile <iterations> [command] <out.json>");
const answer = what === "measure" ? (await measureInProcess(Number(n))).results : await profileDashboard(Number(n), rest[0] ?? "");
writeFileSync(out, JSON.stringify(answer));
process.exit(0);
