import { printSubgraphSchema } from "@apollo/subgraph";
import { type GraphQLNamedType, type GraphQLSchema, introspectionTypes, lexicographicSortSchema, specifiedScalarTypes } from "graphql";
import { builder } from "./builder.js";
import { cacheControlDirective, cacheSpecLink, markPrivateTypes } from "./cache-scope.js";
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
import "./delivery-updates.js";
import "./area.js";
import "./warehouse.js";
import "./federation.js";
import { withCheckedRepresentations } from "./entity-representations.js";
import { withTypePrefix } from "./subgraph-prefix.js";
import { markSurface, NODE_FIELDS, TENANT_ADMIN_FIELDS, withoutRootFields } from "./subgraph-surface.js";

/** Imports every type file, then builds. The printed result is checked in as schema.graphql. */
export function createSchema(): GraphQLSchema {
  return lexicographicSortSchema(withPristineBuiltins(builder.toSchema()));
}

export interface SubgraphSchemaOptions {
  /** SUBGRAPH_TYPE_PREFIX: put before the names of our generic types (./subgraph-prefix.ts). */
  typePrefix?: string | undefined;
}

/**
 * The same graph as a Federation v2 subgraph (served on SUBGRAPH_PATH, docs/federation.md):
 * the public schema plus `_service` and `_entities`, with the entities of ./federation.ts.
 * Printed with `printSubgraphSchema` (directives kept), it is checked in as subgraph.graphql.
 * Composable with a company's other subgraphs (./subgraph-surface.ts, ADR 030): no
 * subscriptions (ADR 027), tenant-admin fields nor `node`/`nodes` (every Node is an entity by
 * `id` instead), value types shareable, contract tags, optionally prefixed names. Tenant types
 * carry `@cacheControl(scope: PRIVATE)` (./cache-scope.ts). `_entities` answers each
 * representation on its own (./entity-representations.ts).
 */
export function createSubgraphSchema({ typePrefix = "" }: SubgraphSchemaOptions = {}): GraphQLSchema {
  const built = builder.toSubGraphSchema({
    linkUrl: "https://specs.apollo.dev/federation/v2.6",
    federationDirectives: ["@key", "@shareable", "@tag"],
    composeDirectives: ["@cacheControl"],
    directives: [cacheControlDirective],
    extensions: { directives: [cacheSpecLink] },
  });
  const served = withoutRootFields(built, { Query: [...TENANT_ADMIN_FIELDS.Query, ...NODE_FIELDS.Query], Mutation: TENANT_ADMIN_FIELDS.Mutation });
  const surface = markSurface(markPrivateTypes(lexicographicSortSchema(served)));
  const schema = withCheckedRepresentations(lexicographicSortSchema(withTypePrefix(surface, typePrefix)));
  // `_service { sdl }` answers what Pothos printed during the build: point it at the schema as served.
  const service = schema.getQueryType()?.getFields()._service;
  if (service) {
    const sdl = printSubgraphSchema(schema);
    service.resolve = () => ({ sdl });
  }
  return withPristineBuiltins(schema);
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
