import { writeFileSync } from "node:fs";
import { printSubgraphSchema } from "@apollo/subgraph";
import { createSubgraphSchema } from "../src/schema/index.js";

/**
 * Writes subgraph.graphql, the checked-in federation SDL (`@link`, `@key` kept): what a router
 * or schema registry composes (docs/federation.md). test/federation/subgraph-drift.test.ts compares.
 */
writeFileSync("subgraph.graphql", `${printSubgraphSchema(createSubgraphSchema())}\n`);
process.stdout.write("wrote subgraph.graphql\n");
