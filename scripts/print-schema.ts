import { writeFileSync } from "node:fs";
import { printSchema } from "graphql";
import { createSchema } from "../src/schema/index.js";

/** Writes schema.graphql, the checked-in public schema (test/schema/schema-drift.test.ts compares). */
writeFileSync("schema.graphql", `${printSchema(createSchema())}\n`);
process.stdout.write("wrote schema.graphql\n");
