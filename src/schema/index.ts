import { type GraphQLNamedType, type GraphQLSchema, introspectionTypes, lexicographicSortSchema, specifiedScalarTypes } from "graphql";
import { builder } from "./builder.js";
import "./scalars.js";
import "./errors.js";
import "./provider.js";
import "./viewer.js";
import "./supership-webhook.js";
import "./country.js";
import "./money.js";
import "./product.js";
import "./order.js";
import "./order-mutations.js";
import "./shipment.js";
import "./international-shipment.js";
import "./inventory.js";
import "./stock-order.js";
import "./shipping-option.js";
import "./delivery.js";
import "./delivery-mutations.js";
import "./area.js";
import "./warehouse.js";
import "./federation.js";

/** Imports every type file, then builds. The printed result is checked in as schema.graphql. */
export function createSchema(): GraphQLSchema {
  return lexicographicSortSchema(withPristineBuiltins(builder.toSchema()));
}

/**
 * The same graph as a Federation v2 subgraph (served on SUBGRAPH_PATH, docs/federation.md):
 * the public schema plus `_service` and `_entities`, with the entities of ./federation.ts.
 * Printed with `printSubgraphSchema` (directives kept), it is checked in as subgraph.graphql.
 */
export function createSubgraphSchema(): GraphQLSchema {
  return withPristineBuiltins(builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6", federationDirectives: ["@key", "@shareable"] }));
}

/**
 * plugin-directives gives every type of a built schema an AST node (so directives print),
 * graphql-js's built-in scalars and introspection types included. Those are process-wide
 * singletons, shared by every schema in the process: left set, they change what other code
 * builds from SDL (codegen in the same process then documents `String`, `ID`…). They carry
 * no directives, so drop the nodes again.
 */
function withPristineBuiltins(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [...specifiedScalarTypes, ...introspectionTypes] as GraphQLNamedType[]) type.astNode = undefined;
  return schema;
}
