import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLEnumType, GraphQLInt, type GraphQLSchema, isObjectType, Kind } from "graphql";
import { addToType } from "./subgraph-surface.js";

/**
 * The subgraph says which of its types are one tenant's data, so a gateway's response cache
 * keys them on the caller or leaves them alone (docs/federation.md "Caching",
 * docs/decisions/029-cache-scope.md). The words are Apollo's `@cacheControl` (the
 * specs.apollo.dev/cache/v0.1 definition), linked and composed into the supergraph with
 * `@composeDirective`: Hive Gateway's response cache reads it there and caches a response
 * holding a PRIVATE type only for a request with a session.
 *
 * Every object type is PRIVATE except the few that are the same for every merchant (the
 * SuperShip area lists and status table): a new type is private until someone decides
 * otherwise. No `maxAge` anywhere: how long a tenant's answer may be reused is the gateway
 * operator's call. Only the subgraph carries this; the public schema prints unchanged.
 */

export const CACHE_SPEC_URL = "https://specs.apollo.dev/cache/v0.1";

/** The same for every tenant: SuperShip's area lists (src/schema/area.ts) and its status table (src/schema/delivery.ts). */
export const PUBLIC_TYPES: ReadonlySet<string> = new Set(["Province", "District", "Commune", "DeliveryStatus"]);

/** Roots are not data; `_Service` (the SDL) is the same for everyone. */
const UNMARKED = new Set(["Query", "Mutation", "Subscription", "_Service"]);

const CacheControlScope = new GraphQLEnumType({ name: "CacheControlScope", values: { PUBLIC: {}, PRIVATE: {} } });

export const cacheControlDirective = new GraphQLDirective({
  name: "cacheControl",
  locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT, DirectiveLocation.INTERFACE, DirectiveLocation.UNION],
  args: { maxAge: { type: GraphQLInt }, scope: { type: CacheControlScope }, inheritMaxAge: { type: GraphQLBoolean } },
});

/** The schema-level directives that link the spec and ask composition to keep `@cacheControl`. */
export const cacheSpecLink = { name: "link", args: { url: CACHE_SPEC_URL, import: ["@cacheControl"] } };

/**
 * Adds `@cacheControl(scope: PRIVATE)` to the AST node of every object type not public, after
 * the build (plugin-directives has made the nodes by then; `printSubgraphSchema` prints from
 * them). `createSubgraphSchema` (./index.ts) points `_service { sdl }` at the finished schema.
 */
export function markPrivateTypes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__") || UNMARKED.has(type.name) || PUBLIC_TYPES.has(type.name)) continue;
    addToType(type, PRIVATE);
  }
  return schema;
}

const PRIVATE = {
  kind: Kind.DIRECTIVE,
  name: { kind: Kind.NAME, value: "cacheControl" },
  arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "scope" }, value: { kind: Kind.ENUM, value: "PRIVATE" } }],
} as const;
