import {
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLFieldConfigMap,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  type GraphQLSchemaConfig,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type SelectionSetNode,
  type TypeDefinitionNode,
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

export const ROOTS: ReadonlySet<string> = new Set(["Query", "Mutation", "Subscription"]);
/** The cache spec's argument enum (./cache-scope.ts): its name is the spec's. */
export const SPEC_TYPES: ReadonlySet<string> = new Set(["CacheControlScope"]);

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

/** The type's `@key`s as parsed selections, read from the directives on its AST node (what the subgraph prints). */
export function keySelections(type: GraphQLNamedType): SelectionSetNode[] {
  return (type.astNode?.directives ?? []).flatMap((d) => {
    const fields = d.arguments?.find((a) => a.name.value === "fields")?.value;
    if (d.name.value !== "key" || fields?.kind !== Kind.STRING) return [];
    const operation = parse(`{${fields.value}}`).definitions[0];
    return operation?.kind === Kind.OPERATION_DEFINITION ? [operation.selectionSet] : [];
  });
}

export const isEntity = (type: GraphQLNamedType) => (type.astNode?.directives ?? []).some((d) => d.name.value === "key");

/** Every field name in the type's keys, nested ones included. */
function keyFieldNames(type: GraphQLNamedType): Set<string> {
  const names = new Set<string>();
  const walk = (selection: SelectionSetNode): void => {
    for (const s of selection.selections) {
      if (s.kind !== Kind.FIELD) continue;
      names.add(s.name.value);
      if (s.selectionSet) walk(s.selectionSet);
    }
  };
  for (const key of keySelections(type)) walk(key);
  return names;
}

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

/** Appends `directives` to the type's AST node (made if the type has none), which `printSubgraphSchema` prints. */
export function addToType(type: GraphQLNamedType, ...directives: ConstDirectiveNode[]): void {
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
