import { printSubgraphSchema } from "@apollo/subgraph";
import {
  type GraphQLFieldConfigMap,
  type GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  introspectionTypes,
  lexicographicSortSchema,
  specifiedScalarTypes,
} from "graphql";
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

/** Imports every type file, then builds. The printed result is checked in as schema.graphql. */
export function createSchema(): GraphQLSchema {
  return lexicographicSortSchema(withPristineBuiltins(builder.toSchema()));
}

/**
 * The same graph as a Federation v2 subgraph (served on SUBGRAPH_PATH, docs/federation.md):
 * the public schema plus `_service` and `_entities`, with the entities of ./federation.ts.
 * Printed with `printSubgraphSchema` (directives kept), it is checked in as subgraph.graphql.
 * Tenant types carry `@cacheControl(scope: PRIVATE)`, composed into the supergraph (./cache-scope.ts).
 */
export function createSubgraphSchema(): GraphQLSchema {
  const schema = builder.toSubGraphSchema({
    linkUrl: "https://specs.apollo.dev/federation/v2.6",
    federationDirectives: ["@key", "@shareable"],
    composeDirectives: ["@cacheControl"],
    directives: [cacheControlDirective],
    extensions: { directives: [cacheSpecLink] },
  });
  // Subscriptions out first: the marks then re-point `_service.sdl` at the schema as served.
  return withPristineBuiltins(markPrivateTypes(withoutSubscriptions(schema)));
}

/**
 * The subgraph serves no subscriptions (docs/decisions/027-subscriptions.md): routers speak
 * their own subscription protocols to subgraphs, and the subgraph route answers POST only. So
 * the Subscription root goes, with the types only it reaches, and `_service.sdl` (which the
 * federation plugin printed before) is printed again from what is left.
 */
function withoutSubscriptions(schema: GraphQLSchema): GraphQLSchema {
  const subscription = schema.getSubscriptionType();
  if (!subscription) return schema;
  const config = schema.toConfig();
  const reachable = (root: GraphQLObjectType | null | undefined) =>
    new Set(Object.keys(new GraphQLSchema({ query: root ?? null, directives: config.directives }).getTypeMap()));
  const fromRoots = new Set([...reachable(config.query), ...reachable(config.mutation)]);
  const onlyThere = new Set([...reachable(subscription)].filter((name) => !fromRoots.has(name)));
  const query = schema.getQueryType() as GraphQLObjectType;
  const queryConfig = query.toConfig();
  const fields: GraphQLFieldConfigMap<unknown, unknown> = { ...queryConfig.fields };
  const service = fields._service;
  if (service) fields._service = { ...service, resolve: () => ({ sdl: printSubgraphSchema(sorted) }) };
  const newQuery = new GraphQLObjectType({ ...queryConfig, fields });
  const sorted: GraphQLSchema = lexicographicSortSchema(
    new GraphQLSchema({
      ...config,
      query: newQuery,
      subscription: null,
      types: config.types.filter((type) => !onlyThere.has(type.name) && type.name !== query.name).concat(newQuery),
    }),
  );
  return sorted;
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
