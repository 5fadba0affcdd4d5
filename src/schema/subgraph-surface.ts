import { MapperKind, mapSchema } from "@graphql-tools/utils";
import {
  type ConstDirectiveNode,
  defaultTypeResolver,
  GraphQLEnumType,
  type GraphQLField,
  type GraphQLFieldConfigMap,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  type GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  type GraphQLSchemaConfig,
  type GraphQLTypeResolver,
  GraphQLUnionType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  type TypeDefinitionNode,
  visit,
} from "graphql";

/**
 * What of the public graph the subgraph offers a company supergraph, and under which names
 * (docs/federation.md "Composing with other subgraphs", docs/decisions/030-composable-subgraph.md).
 * Applied to the built subgraph schema, on the AST nodes `printSubgraphSchema` prints from (as
 * ./cache-scope.ts does), so the public schema and its files stay as they are.
 */

/** Root fields that administer the tenant (credentials, the OAuth link, webhook registration): /graphql only. */
export const TENANT_ADMIN_FIELDS = {
  Query: ["viewer"],
  Mutation: [
    "connectHyperskuWithPassword",
    "connectSupershipWithPartnerLogin",
    "connectSupershipWithToken",
    "disconnectProvider",
    "registerSupershipWebhook",
    "rotateSupershipWebhookToken",
  ],
} as const;

/**
 * Left to the supergraph's one owner of `Query.node` (ADR 030): a shared `node` would have to
 * resolve every id in every subgraph, and each subgraph knows only its own (Apollo composition
 * refuses it: "non-intersecting set of possible runtime types"). Our Node types are entities by `id`.
 */
export const NODE_FIELDS = { Query: ["node", "nodes"], Mutation: [] } as const;

/** Types every supergraph has under these names, in the conventional shape: they keep their names under a prefix. */
export const SHARED_TYPES: ReadonlySet<string> = new Set(["Node", "PageInfo", "Money"]);

/** The contract tags (docs/federation.md "Contracts"): everything we contribute, and what writes. */
export const TAG_ALL = "fulfillment";
export const TAG_WRITE = "fulfillment-write";

const ROOTS = new Set(["Query", "Mutation", "Subscription"]);
/** The cache spec's argument enum (./cache-scope.ts): its name is the spec's. */
const SPEC_TYPES = new Set(["CacheControlScope"]);

/**
 * The schema without the Subscription root (ADR 027: routers speak their own subscription
 * protocols) and without `drop`'s root fields, and without the types only those reached.
 */
export function withoutRootFields(schema: GraphQLSchema, drop: { Query: readonly string[]; Mutation: readonly string[] }): GraphQLSchema {
  const config = schema.toConfig();
  const trimmed = (root: GraphQLObjectType | null | undefined, names: readonly string[]) => {
    if (!root) return undefined;
    const rootConfig = root.toConfig();
    const fields: GraphQLFieldConfigMap<unknown, unknown> = { ...rootConfig.fields };
    for (const name of names) delete fields[name];
    // The type's AST node is what `printSubgraphSchema` prints, fields included.
    const astNode = rootConfig.astNode && { ...rootConfig.astNode, fields: rootConfig.astNode.fields?.filter((f) => !names.includes(f.name.value)) };
    return new GraphQLObjectType({ ...rootConfig, fields, astNode });
  };
  const query = trimmed(config.query, drop.Query) as GraphQLObjectType;
  const mutation = trimmed(config.mutation, drop.Mutation);
  const reach = (roots: Pick<GraphQLSchemaConfig, "query" | "mutation" | "subscription">) =>
    new Set(Object.keys(new GraphQLSchema({ ...roots, directives: config.directives }).getTypeMap()));
  const after = reach({ query, mutation });
  const gone = new Set([...reach(config)].filter((name) => !after.has(name)));
  // A type reached only through an interface that stays (never the case today) stays with it.
  const keptInterface = (type: GraphQLNamedType) => isObjectType(type) && type.getInterfaces().some((i) => !gone.has(i.name));
  const types = config.types.filter((type) => !ROOTS.has(type.name) && (!gone.has(type.name) || keptInterface(type)));
  return new GraphQLSchema({ ...config, query, mutation, subscription: null, types: [...types, query, ...(mutation ? [mutation] : [])] });
}

const isEntity = (type: GraphQLNamedType) => (type.astNode?.directives ?? []).some((d) => d.name.value === "key");
const keyFieldNames = (type: GraphQLNamedType) =>
  new Set(
    (type.astNode?.directives ?? [])
      .filter((d) => d.name.value === "key")
      .flatMap((d) => {
        const fields = d.arguments?.find((a) => a.name.value === "fields")?.value;
        return fields?.kind === Kind.STRING ? fields.value.split(/[\s{}]+/).filter(Boolean) : [];
      }),
  );

function directive(name: string, args: Record<string, string> = {}): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: Object.entries(args).map(([arg, value]) => ({
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: arg },
      value: { kind: Kind.STRING, value },
    })),
  };
}

function addToType(type: GraphQLNamedType, ...directives: ConstDirectiveNode[]): void {
  const node = (type.astNode ?? { kind: Kind.OBJECT_TYPE_DEFINITION, name: { kind: Kind.NAME, value: type.name } }) as TypeDefinitionNode;
  (type as { astNode?: TypeDefinitionNode }).astNode = { ...node, directives: [...(node.directives ?? []), ...directives] } as TypeDefinitionNode;
}

/** The type's AST node holds its fields' nodes, and `printSubgraphSchema` prints the type's node: the directives go there. */
function addToField(type: GraphQLObjectType | GraphQLInterfaceType, field: GraphQLField<unknown, unknown>, ...directives: ConstDirectiveNode[]): void {
  const node = type.astNode;
  if (!node) return;
  const fields = node.fields?.map((f) => (f.name.value === field.name ? { ...f, directives: [...(f.directives ?? []), ...directives] } : f));
  type.astNode = { ...node, fields };
  field.astNode = fields?.find((f) => f.name.value === field.name);
}

/**
 * `@shareable` on every value type (an object type that is neither a root nor an entity: its
 * fields are fully given by the parent that returned it, whichever subgraph that was);
 * `@tag`s on what we contribute: every root field, every field of our interfaces, and every non-key
 * field of our entities gets `fulfillment`, mutations also `fulfillment-write`.
 */
export function markSurface(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("_") || ROOTS.has(type.name)) continue;
    // An interface's fields go with its entities' (a contract may not hide an implementation's field but show the interface's).
    if (isInterfaceType(type) && !SHARED_TYPES.has(type.name)) {
      for (const field of Object.values(type.getFields())) addToField(type, field, directive("tag", { name: TAG_ALL }));
    }
    if (!isObjectType(type)) continue;
    if (!isEntity(type)) {
      addToType(type, directive("shareable"));
      continue;
    }
    const keys = keyFieldNames(type);
    for (const field of Object.values(type.getFields())) if (!keys.has(field.name)) addToField(type, field, directive("tag", { name: TAG_ALL }));
  }
  const query = schema.getQueryType() as GraphQLObjectType;
  for (const field of Object.values(query.getFields())) {
    if (field.name.startsWith("_")) continue;
    addToField(query, field, directive("tag", { name: TAG_ALL }));
  }
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    if (mutation) addToField(mutation, field, directive("tag", { name: TAG_ALL }), directive("tag", { name: TAG_WRITE }));
  }
  return schema;
}

/**
 * The types a prefix renames (SUBGRAPH_TYPE_PREFIX): ours with generic names (`Address`,
 * `Provider`, `Error`, `Country`…). Not renamed: roots, entities (other subgraphs reference them
 * by name), `Node` and its implementations (their names are inside their global ids, which must
 * stay the ids /graphql gives), the shared Relay/value types, scalars, and federation's own.
 */
function prefixable(type: GraphQLNamedType): boolean {
  if (type.name.startsWith("_") || ROOTS.has(type.name) || SHARED_TYPES.has(type.name) || SPEC_TYPES.has(type.name)) return false;
  if (isObjectType(type)) return !isEntity(type) && !type.getInterfaces().some((i) => i.name === "Node");
  return isInterfaceType(type) || isUnionType(type) || isEnumType(type) || isInputObjectType(type);
}

/**
 * The schema with `prefix` before every prefixable type's name. Abstract types' resolvers
 * answer the names the types were built with: they are mapped to the new names.
 */
export function withTypePrefix(schema: GraphQLSchema, prefix: string): GraphQLSchema {
  if (!prefix) return schema;
  const renamed = new Map(
    Object.values(schema.getTypeMap())
      .filter(prefixable)
      .map((type) => [type.name, `${prefix}${type.name}`]),
  );
  const rename = (name: unknown) => (typeof name === "string" ? (renamed.get(name) ?? name) : name);
  /**
   * Pothos' resolvers answer a branded value's type by its built name, and otherwise ask the
   * members' `isTypeOf` through the abstract type as built, which the new schema does not hold
   * (so they find none): a name is mapped, and no answer is asked again of the served type.
   */
  const mapResolved = (resolveType: GraphQLTypeResolver<unknown, unknown> | null | undefined): GraphQLTypeResolver<unknown, unknown> => {
    const answer = (result: unknown, args: Parameters<GraphQLTypeResolver<unknown, unknown>>) =>
      (rename(result) as string | undefined) ?? (defaultTypeResolver(...args) as string | undefined);
    return (...args) => {
      const result = resolveType?.(...args);
      return result instanceof Promise ? result.then((r) => answer(r, args)) : answer(result, args);
    };
  };
  return mapSchema(schema, {
    [MapperKind.TYPE]: (type) => {
      const name = renamed.get(type.name) ?? type.name;
      // What prints is the type's AST node: its name and every type it names, renamed too.
      const astNode =
        type.astNode &&
        visit(
          { ...type.astNode, name: { ...type.astNode.name, value: name } },
          { NamedType: (node) => ({ ...node, name: { ...node.name, value: rename(node.name.value) as string } }) },
        );
      if (isObjectType(type)) return new GraphQLObjectType({ ...type.toConfig(), name, astNode: astNode as never });
      if (isInterfaceType(type)) {
        const config = type.toConfig();
        return new GraphQLInterfaceType({ ...config, name, astNode: astNode as never, resolveType: mapResolved(config.resolveType) });
      }
      if (isUnionType(type)) {
        const config = type.toConfig();
        return new GraphQLUnionType({ ...config, name, astNode: astNode as never, resolveType: mapResolved(config.resolveType) });
      }
      if (isEnumType(type)) return new GraphQLEnumType({ ...type.toConfig(), name, astNode: astNode as never });
      if (isInputObjectType(type)) return new GraphQLInputObjectType({ ...type.toConfig(), name, astNode: astNode as never });
      return type;
    },
  });
}
