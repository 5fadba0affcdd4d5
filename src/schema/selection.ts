import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from "graphql";

/**
 * Look-ahead for resolvers that can start a load before the executor reaches the field that
 * needs it: instead of waiting for the child's own level, the parent starts the (batched,
 * cached) load as soon as it has the keys.
 */

/** The fields named `name` directly in `set`, through inline fragments and fragment spreads. */
function fieldsNamed(info: GraphQLResolveInfo, sets: readonly (SelectionSetNode | undefined)[], name: string): FieldNode[] {
  const found: FieldNode[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === name) found.push(s);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        visit(s.selectionSet);
      } else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        visit(info.fragments[s.name.value]?.selectionSet);
      }
    }
  };
  for (const set of sets) visit(set);
  return found;
}

/**
 * Whether the query selects the field at `path` below the field being resolved, e.g.
 * `["edges", "node", "delivery"]` under a connection. Directives (`@skip`, `@include`) are not
 * evaluated: a skipped field still counts, so a look-ahead may load something unused, never miss.
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    nodes = fieldsNamed(
      info,
      nodes.map((n) => n.selectionSet),
      name,
    );
    if (nodes.length === 0) return false;
  }
  return true;
}

/** Whether the query selects `field` directly below the field being resolved. */
export function selectsField(info: GraphQLResolveInfo, field: string): boolean {
  return selectsPath(info, [field]);
}
