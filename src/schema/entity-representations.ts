import {
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isLeafType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from "graphql";
import { keySelections } from "./subgraph-surface.js";

/**
 * `_entities` that answers each representation on its own (docs/federation.md "Entities: the
 * contract"). @apollo/subgraph's resolver throws for the whole call on an unknown `__typename`,
 * and a representation missing its key reaches the loaders as `undefined` (a TypeError there):
 * either way every entity of the fetch fails, masked as INTERNAL_SERVER_ERROR. Here each
 * representation is checked against its type's `@key`s first; one that matches none (or names
 * no entity) is an error with code BAD_REPRESENTATION at its own index, `["_entities", i]`, and
 * only the others are resolved, by the original resolver, in one batch as before.
 */

export const BAD_REPRESENTATION = "BAD_REPRESENTATION";

/** Each entity's keys as parsed selections. */
function entityKeys(schema: GraphQLSchema): Map<string, SelectionSetNode[]> {
  const keys = new Map<string, SelectionSetNode[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    const selections = isObjectType(type) ? keySelections(type) : [];
    if (selections.length > 0) keys.set(type.name, selections);
  }
  return keys;
}

/** Whether `value` holds every field of `selection`, each of the type the schema gives it. */
function matches(value: unknown, type: GraphQLCompositeType, selection: SelectionSetNode): boolean {
  if (typeof value !== "object" || value === null || !("getFields" in type)) return false;
  const fields = type.getFields();
  return selection.selections.every((s) => {
    if (s.kind !== Kind.FIELD) return false;
    const field = fields[s.name.value];
    const given = (value as Record<string, unknown>)[s.name.value];
    if (!field || given === undefined || given === null) return false;
    const named = getNamedType(field.type);
    if (s.selectionSet) return isCompositeType(named) && matches(given, named, s.selectionSet);
    if (!isLeafType(named)) return false;
    try {
      named.parseValue(given);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Why a representation cannot be resolved, or null when it matches a key. The message names
 * the schema's words (types, key fields), never a value the router sent.
 */
function problem(schema: GraphQLSchema, keys: Map<string, SelectionSetNode[]>, rep: unknown): string | null {
  const typename = typeof rep === "object" && rep !== null ? (rep as { __typename?: unknown }).__typename : undefined;
  if (typeof typename !== "string") return "The representation has no __typename.";
  const type = schema.getType(typename);
  const typeKeys = keys.get(typename);
  if (!type || !typeKeys || !isObjectType(type)) return "The representation's __typename is not an entity of this subgraph.";
  if (typeKeys.some((key) => matches(rep, type, key))) return null;
  const wanted = typeKeys.map((key) => `"${printKey(key)}"`).join(" or ");
  return `The ${typename} representation matches none of its keys (${wanted}): a key field is missing or of the wrong type.`;
}

const printKey = (selection: SelectionSetNode): string =>
  selection.selections.map((s) => (s.kind === Kind.FIELD ? (s.selectionSet ? `${s.name.value} { ${printKey(s.selectionSet)} }` : s.name.value) : "")).join(" ");

/** Replaces the `_entities` resolver of a built subgraph schema with one that checks each representation first. */
export function withCheckedRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  if (!field?.resolve) return schema;
  const resolve = field.resolve as GraphQLFieldResolver<unknown, unknown, { representations: unknown[] }>;
  const keys = entityKeys(schema);
  field.resolve = (source, args: { representations: unknown[] }, context, info) => {
    const answers: unknown[] = new Array(args.representations.length);
    const valid: number[] = [];
    args.representations.forEach((rep, i) => {
      const why = problem(schema, keys, rep);
      if (why === null) valid.push(i);
      // An Error as a list item is an error at that item's path, the item null.
      else answers[i] = new GraphQLError(why, { extensions: { code: BAD_REPRESENTATION } });
    });
    if (valid.length > 0) {
      const resolved = resolve(source, { ...args, representations: valid.map((i) => args.representations[i]) }, context, info) as unknown[];
      valid.forEach((i, j) => {
        answers[i] = resolved[j];
      });
    }
    return answers;
  };
  return schema;
}
