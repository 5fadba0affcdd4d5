import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLSchema, getOperationAST, type Source } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";
import type { ExecutionEngine } from "../resolvers/context.js";

/**
 * Queries run as compiled JavaScript (graphql-jit), not through graphql-js' interpreter
 * (docs/decisions/039-compiled-queries.md): on its second execution a document is compiled, once
 * per schema and operation, into a function that resolves its fields without graphql-js'
 * per-field path, info and argument objects. Per Dashboard that is a sixth (cold, in-process) to
 * a third (warm, served) less of the API's CPU, and about 40% less garbage.
 *
 * graphql-js stays the reference; graphql-jit only runs where it gives the same answer:
 * - queries only: mutations (exactly-once creates, typed payloads) and subscriptions keep
 *   graphql-js' executor, so their ordering and streams are Yoga's own;
 * - a document graphql-jit cannot compile runs on graphql-js;
 * - where graphql-jit refuses the variables, the operation runs on graphql-js instead, which
 *   reports its own errors or, where graphql-jit was wrong (it refuses an omitted non-null input
 *   field that has a default, graphql-jit 0.8.9), executes it;
 * - its errors carry no AST nodes, so each is rebuilt as a graphql-js GraphQLError located at the
 *   same spots in the document's source: masking (src/http/mask-errors.ts) and Yoga then see the
 *   error graphql-js would have raised, with its `locations`, `path` and original error.
 *
 * `GRAPHQL_COMPILE_QUERIES=false` keeps every operation on graphql-js (src/config.ts).
 */
/** A document that has run once, not compiled yet. */
const SEEN = Symbol("seen once");

export function useCompiledQueries({ compile = true, onExecute }: { compile?: boolean; onExecute?: (engine: ExecutionEngine) => void } = {}): Plugin {
  // Per schema, document (Yoga's parse cache hands the same object for the same text, and drops
  // it from its LRU) and operation: SEEN after its first run, then the compiled query, or null
  // where graphql-jit cannot compile it.
  const bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, CompiledQuery | null | typeof SEEN>>>();
  const compiled = (schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | null => {
    let byDocument = bySchema.get(schema);
    if (!byDocument) bySchema.set(schema, (byDocument = new WeakMap()));
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, (byName = new Map()));
    const key = operationName ?? "";
    const entry = byName.get(key);
    // A document's first run is interpreted: compiling costs a few ms (the Dashboard's: about 2), paid on its second run.
    if (entry === undefined) return (byName.set(key, SEEN), null);
    if (entry !== SEEN) return entry;
    // Path-based @skip/@include: without it graphql-jit 0.8.9 applies a directive on one spread of
    // a fragment to its other spreads too (graphql-jit#197; test/api/compiled-queries.test.ts "fragments").
    const result = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true, useExperimentalPathBasedSkipInclude: true });
    const query = isCompiledQuery(result) ? (result as CompiledQuery) : null;
    byName.set(key, query);
    return query;
  };

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const interpreted: typeof executeFn = (a) => (onExecute?.("graphql-js"), executeFn(a));
      const isQuery = compile && getOperationAST(args.document, args.operationName)?.operation === "query";
      const query = isQuery ? compiled(args.schema, args.document, args.operationName ?? undefined) : null;
      if (!query) return setExecuteFn(interpreted);
      setExecuteFn((a) => {
        // A request already aborted (its client gone) gets graphql-js' own answer to that; once
        // started, compiled code runs to its end (its provider calls are bounded by the request's deadline).
        if ((a as { signal?: AbortSignal }).signal?.aborted) return interpreted(a);
        const result = query.query(a.rootValue, a.contextValue, a.variableValues ?? {});
        // No `data`: graphql-jit refused the variables before running anything.
        const done = (r: ExecutionResult) => ("data" in r ? (onExecute?.("compiled"), located(r, a.document.loc?.source)) : interpreted(a));
        return result instanceof Promise ? result.then(done) : done(result);
      });
    },
  };
}

/** `result` with each of its errors that lacks AST nodes rebuilt at its locations in `source`. */
function located(result: ExecutionResult, source: Source | undefined): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((e) => {
    if (e.nodes || !source) return e;
    const positions = e.locations?.map(({ line, column }) => offsetOf(source.body, line, column));
    const original = e.originalError ?? undefined;
    return new GraphQLError(e.message, { source, positions, path: e.path, originalError: original, extensions: original ? undefined : e.extensions });
  });
  // `errors` first, as graphql-js writes it.
  const { errors: _jit, ...rest } = result;
  return { errors, ...rest };
}

/** The character offset of 1-based `line` and `column` in `body`, lines ending as graphql-js counts them. */
function offsetOf(body: string, line: number, column: number): number {
  const ends = /\r\n|[\n\r]/g;
  let start = 0;
  for (let l = 1; l < line && ends.exec(body); l++) start = ends.lastIndex;
  return start + column - 1;
}
