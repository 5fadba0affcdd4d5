import {
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLDirective,
  GraphQLError,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  SchemaMetaFieldDef,
  type SelectionNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Config } from "../config.js";

/**
 * Limits on the values a request passes in, checked once the variables are coerced and before
 * any resolver (or provider call) runs (docs/decisions/006-hardening.md, "Input limits"):
 *
 * - every list, in an argument or in an input object, whether written inline or passed through
 *   a variable, has at most GRAPHQL_MAX_LIST items;
 * - every string (String, ID, or a string inside a custom scalar such as `_Any`) has at most
 *   GRAPHQL_MAX_STRING characters (Unicode code points);
 * - the operation's cost, estimated as graphql-armor does (src/http/armor.ts) but with the
 *   argument values known, stays within GRAPHQL_MAX_COST: a field's subtree is multiplied by
 *   its `first`/`last` and by the length of its longest list argument, variables included.
 *   Armor's own rule runs at validation and counts a variable as 1; this is the same estimate
 *   with the values, so `nodes(ids: $ids)` costs its subtree × the number of ids.
 *
 * graphql-armor cannot do this: its rules run at validation, before variables are coerced. An
 * envelop `onExecute` hook sees the document, the schema and the raw variables, coerces them
 * the way execution will (`getVariableValues`), and stops the execution with the refusal.
 */

type Limits = Pick<Config, "GRAPHQL_MAX_LIST" | "GRAPHQL_MAX_STRING" | "GRAPHQL_MAX_COST">;

export function useInputLimits(limits: Limits): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const raw = (args.variableValues ?? {}) as Record<string, unknown>;
      const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], raw, { maxErrors: 1 });
      // Variables that do not coerce: execution reports that itself, before running anything.
      if (variables.errors) return;
      const errors = inspectOperation(args.schema, args.document, operation, variables.coerced, limits);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}

/** graphql-armor's cost-limit defaults (`@escape.tech/graphql-armor-cost-limit`), which src/http/armor.ts keeps. */
const SCALAR_COST = 1;
const OBJECT_COST = 2;
const DEPTH_COST_FACTOR = 1.5;
/** How deep a custom scalar's value (`_Any`, a JSON object) is searched for strings and lists. */
const SCALAR_SEARCH_DEPTH = 32;

/**
 * The refusals of one operation: every argument over a list or string limit (one per argument,
 * the first value found), or else the cost, if over. Exported for the tests that measure cost.
 */
export function inspectOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: Limits,
): GraphQLError[] {
  const inspector = new Inspector(schema, fragmentsOf(document), variables, limits);
  const cost = inspector.operation(operation);
  if (inspector.refusals.length > 0) return inspector.refusals;
  if (cost > limits.GRAPHQL_MAX_COST) {
    // Armor's wording and code, so a client sees one refusal whether its page size is inline or a variable.
    return [
      new GraphQLError(`Query Cost limit of ${limits.GRAPHQL_MAX_COST} exceeded, found ${cost}.`, {
        nodes: operation,
        extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { spec: true, status: 400 } },
      }),
    ];
  }
  return [];
}

/** The estimated cost of an operation with its (coerced) variables: for tests, and for re-measuring the Dashboard. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  const unlimited = { GRAPHQL_MAX_LIST: Infinity, GRAPHQL_MAX_STRING: Infinity, GRAPHQL_MAX_COST: Infinity };
  return new Inspector(schema, fragmentsOf(document), variables, unlimited).operation(operation);
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

class Inspector {
  readonly refusals: GraphQLError[] = [];
  /** A fragment's cost (and its arguments' checks) is the same wherever it is spread: computed once. */
  private readonly fragmentCosts = new Map<string, number>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly limits: Limits,
  ) {}

  operation(operation: OperationDefinitionNode): number {
    const root = this.schema.getRootType(operation.operation);
    if (!root) return 0;
    this.directives(operation.directives);
    // As armor: the root fields add up, without the depth factor.
    return operation.selectionSet.selections.reduce((sum, s) => sum + this.selection(s, root), 0);
  }

  private selection(node: SelectionNode, parent: GraphQLCompositeType): number {
    this.directives(node.directives);
    if (node.kind === Kind.FIELD) return this.field(node, parent);
    if (node.kind === Kind.INLINE_FRAGMENT) {
      const type = node.typeCondition ? this.schema.getType(node.typeCondition.name.value) : parent;
      return OBJECT_COST + DEPTH_COST_FACTOR * this.children(node.selectionSet.selections, isCompositeType(type) ? type : parent);
    }
    return SCALAR_COST + DEPTH_COST_FACTOR * this.fragment(node.name.value);
  }

  private fragment(name: string): number {
    const known = this.fragmentCosts.get(name);
    if (known !== undefined) return known;
    this.fragmentCosts.set(name, 0); // validation refuses cycles; this only stops one from looping
    const fragment = this.fragments.get(name);
    if (!fragment) return 0;
    this.directives(fragment.directives);
    const type = this.schema.getType(fragment.typeCondition.name.value);
    const cost = isCompositeType(type) ? OBJECT_COST + DEPTH_COST_FACTOR * this.children(fragment.selectionSet.selections, type) : 0;
    this.fragmentCosts.set(name, cost);
    return cost;
  }

  private children(selections: ReadonlyArray<SelectionNode>, parent: GraphQLCompositeType): number {
    return selections.reduce((sum, s) => sum + this.selection(s, parent), 0);
  }

  private field(node: FieldNode, parent: GraphQLCompositeType): number {
    const name = node.name.value;
    // As armor (`ignoreIntrospection`): `__schema` costs nothing.
    if (name === SchemaMetaFieldDef.name) return 0;
    const def = this.fieldDef(parent, name);
    const values = def ? this.arguments(def, node, `${parent.name}.${name}`) : {};
    // Armor multiplies by an inline `first`/`last`; here by their values, and by the length of each list argument.
    let multiplier = 1;
    for (const [arg, value] of Object.entries(values)) {
      if ((arg === "first" || arg === "last") && typeof value === "number") multiplier = Math.max(multiplier, value);
      else if (Array.isArray(value)) multiplier = Math.max(multiplier, value.length);
    }
    if (!node.selectionSet) return SCALAR_COST * multiplier;
    const type = def ? getNamedType(def.type) : undefined;
    const child = isCompositeType(type) ? type : parent;
    return (OBJECT_COST + DEPTH_COST_FACTOR * this.children(node.selectionSet.selections, child)) * multiplier;
  }

  private fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
    if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    if (name === TypeMetaFieldDef.name && parent === this.schema.getQueryType()) return TypeMetaFieldDef;
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  }

  private directives(nodes: ReadonlyArray<DirectiveNode> | undefined): void {
    for (const node of nodes ?? []) {
      const def = this.schema.getDirective(node.name.value);
      if (def) this.arguments(def, node, `@${def.name}`);
    }
  }

  /** The argument values as execution will see them (variables and defaults applied), each checked against the limits. */
  private arguments(def: GraphQLField<unknown, unknown> | GraphQLDirective, node: FieldNode | DirectiveNode, coordinate: string): Record<string, unknown> {
    if (def.args.length === 0) return {};
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(def, node, this.variables);
    } catch {
      return {}; // a value execution refuses anyway (e.g. null for a non-null argument): it reports it
    }
    for (const arg of def.args as ReadonlyArray<GraphQLArgument>) {
      if (!(arg.name in values)) continue;
      const at = node.arguments?.find((a: ArgumentNode) => a.name.value === arg.name) ?? node;
      const refusal = this.value(values[arg.name], arg.type, arg.name);
      if (refusal) this.refusals.push(this.refuse(refusal, coordinate, at));
    }
    return values;
  }

  /** The first limit `value` breaks, with the path to it inside the argument; undefined when within limits. */
  private value(value: unknown, type: GraphQLInputType, path: string): Refusal | undefined {
    if (value === null || value === undefined) return undefined;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      if (!Array.isArray(value)) return this.value(value, inner.ofType, path);
      if (value.length > this.limits.GRAPHQL_MAX_LIST) return { limit: "List", max: this.limits.GRAPHQL_MAX_LIST, found: value.length, path };
      for (let i = 0; i < value.length; i++) {
        const refusal = this.value(value[i], inner.ofType, `${path}[${i}]`);
        if (refusal) return refusal;
      }
      return undefined;
    }
    if (isInputObjectType(inner)) {
      const fields = inner.getFields();
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        const field = fields[name];
        const refusal = field ? this.value(v, field.type, `${path}.${name}`) : undefined;
        if (refusal) return refusal;
      }
      return undefined;
    }
    if (isEnumType(inner)) return undefined;
    return this.scalar(value, path, 0);
  }

  /** A scalar's parsed value: a string (String, ID, DateTime), or anything a custom scalar such as `_Any` holds. */
  private scalar(value: unknown, path: string, depth: number): Refusal | undefined {
    if (typeof value === "string") {
      const found = characters(value, this.limits.GRAPHQL_MAX_STRING);
      return found > this.limits.GRAPHQL_MAX_STRING ? { limit: "String length", max: this.limits.GRAPHQL_MAX_STRING, found, path } : undefined;
    }
    if (typeof value !== "object" || value === null || depth >= SCALAR_SEARCH_DEPTH) return undefined;
    if (Array.isArray(value)) {
      if (value.length > this.limits.GRAPHQL_MAX_LIST) return { limit: "List", max: this.limits.GRAPHQL_MAX_LIST, found: value.length, path };
      for (let i = 0; i < value.length; i++) {
        const refusal = this.scalar(value[i], `${path}[${i}]`, depth + 1);
        if (refusal) return refusal;
      }
      return undefined;
    }
    for (const [key, v] of Object.entries(value)) {
      const refusal = this.scalar(v, `${path}.${key}`, depth + 1);
      if (refusal) return refusal;
    }
    return undefined;
  }

  private refuse({ limit, max, found, path }: Refusal, coordinate: string, at: ArgumentNode | FieldNode | DirectiveNode): GraphQLError {
    // The same status and code as a variable that does not coerce (graphql-tools' executor): the input is the client's mistake.
    return new GraphQLError(`${limit} limit of ${max} exceeded by argument "${path}" of ${coordinate}, found ${found}.`, {
      nodes: at,
      extensions: { code: "BAD_USER_INPUT", http: { status: 400 } },
    });
  }
}

interface Refusal {
  limit: "List" | "String length";
  max: number;
  found: number;
  path: string;
}

/** Characters as Unicode code points; counted only when the UTF-16 length is over `max` (a code point is one or two units). */
function characters(s: string, max: number): number {
  if (s.length <= max) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}
