import { schemaCheck } from "./schema-check/run.js";

// npm run schema:check (and .ci/run): see scripts/schema-check/run.ts and README "Schema changes".
const { output, exitCode } = await schemaCheck();
process.stdout.write(`${output}\n`);
process.exitCode = exitCode;
