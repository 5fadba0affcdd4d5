import { MapperKind, mapSchema } from "@graphql-tools/utils";
import {
  defaultTypeResolver,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  type GraphQLNamedType,
  GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  GraphQLUnionType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  visit,
} from "graphql";
import { isEntity, ROOTS, SHARED_TYPES, SPEC_TYPES } from "./subgraph-surface.js";

/**
 * SUBGRAPH_TYPE_PREFIX (docs/federation.md "Composing with other subgraphs", ADR 030): our
 * generic type names, prefixed in the subgraph when they clash in a supergraph.
 */

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
   * (so they find none): a name is mapped, and no answer is asked again of the served type
   * (`name`: graphql-jit, src/http/compiled-queries.ts, does not pass the abstract type).
   */
  const mapResolved = (resolveType: GraphQLTypeResolver<unknown, unknown> | null | undefined, name: string): GraphQLTypeResolver<unknown, unknown> => {
    const answer = (result: unknown, [value, context, info, abstract]: Parameters<GraphQLTypeResolver<unknown, unknown>>) =>
      (rename(result) as string | undefined) ?? (defaultTypeResolver(value, context, info, abstract ?? (info.schema.getType(name) as typeof abstract)) as string | undefined);
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
        return new GraphQLInterfaceType({ ...config, name, astNode: astNode as never, resolveType: mapResolved(config.resolveType, name) });
      }
      if (isUnionType(type)) {
        const config = type.toConfig();
        return new GraphQLUnionType({ ...config, name, astNode: astNode as never, resolveType: mapResolved(config.resolveType, name) });
      }
      if (isEnumType(type)) return new GraphQLEnumType({ ...type.toConfig(), name, astNode: astNode as never });
      if (isInputObjectType(type)) return new GraphQLInputObjectType({ ...type.toConfig(), name, astNode: astNode as never });
      return type;
    },
  });
}
