import { writeFileSync } from "node:fs";
import { printSubgraphSchema } from "@apollo/subgraph";
import { createSubgraphSchema } from "../src/schema/index.js";

/**
 * Writes subgraph.graphql, the checked-in federation SDL (`@link`, `@key` kept): what a router
 * or schema registry composes (docs/federation.md). test/federation/subgraph-drift.test.ts compares.
 * With SUBGRAPH_TYPE_PREFIX set, the SDL a server with that prefix serves, to the file named
 * as the argument: `SUBGRAPH_TYPE_PREFIX=Fg npm run subgraph:sdl -- fulfillment.graphql`.
 */
const typePrefix = process.env.SUBGRAPH_TYPE_PREFIX ?? "";
const file = process.argv[2] ?? (typePrefix ? undefined : "subgraph.graphql");
if (!file) throw new Error("with SUBGRAPH_TYPE_PREFIX set, name the output file: subgraph.graphql is the unprefixed SDL");
writeFileSync(file, `${printSubgraphSchema(createSubgraphSchema({ typePrefix }))}\n`);
process.stdout.write(`wrote ${file}\n`);
