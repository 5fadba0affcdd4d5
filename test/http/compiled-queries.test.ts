import { buildSchema, type ExecutionArgs, type ExecutionResult, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { useCompiledQueries } from "../../src/http/compiled-queries.js";
import type { ExecutionEngine } from "../../src/resolvers/context.js";

/**
 * The plugin's choice of engine, on a schema of its own (test/api/compiled-queries.test.ts
 * compares whole answers through the API): it is driven as envelop drives an `onExecute` hook.
 */

const schema = buildSchema(`type Query { hello: String }  type Mutation { touch: Int }`);
const root = { hello: "compiled or not", touch: 1 };

function harness() {
  const engines: ExecutionEngine[] = [];
  const plugin = useCompiledQueries({ onExecute: (engine) => engines.push(engine) });
  const interpretedResult: ExecutionResult = { data: { hello: "graphql-js" } };
  // One document per text, as Yoga's parse cache hands them out.
  const documents = new Map<string, ReturnType<typeof parse>>();
  /** Runs `source` once through the plugin's hook, as envelop would; `signal` as Yoga passes it. */
  const run = async (source: string, signal?: AbortSignal) => {
    if (!documents.has(source)) documents.set(source, parse(source));
    const args = { schema, document: documents.get(source)!, rootValue: root, contextValue: {}, variableValues: {}, signal } as ExecutionArgs & { contextValue: object };
    let execute = (_: typeof args): unknown => {
      throw new Error("the plugin set no execute function");
    };
    (plugin.onExecute as (payload: unknown) => void)({
      args,
      executeFn: () => interpretedResult,
      setExecuteFn: (fn: typeof execute) => void (execute = fn),
      setResultAndStopExecution: () => undefined,
      extendContext: () => undefined,
      context: {},
    });
    return (await execute(args)) as ExecutionResult;
  };
  return { engines, run };
}

describe("useCompiledQueries", () => {
  it("runs a query document interpreted once, then compiled", async () => {
    const { engines, run } = harness();
    const source = "{ hello }";
    expect(await run(source)).toEqual({ data: { hello: "graphql-js" } });
    expect(await run(source)).toEqual({ data: { hello: "compiled or not" } });
    expect(await run(source)).toEqual({ data: { hello: "compiled or not" } });
    expect(engines).toEqual(["graphql-js", "compiled", "compiled"]);
  });

  it("leaves mutations to graphql-js however often they run", async () => {
    const { engines, run } = harness();
    for (let i = 0; i < 3; i++) await run("mutation { touch }");
    expect(engines).toEqual(["graphql-js", "graphql-js", "graphql-js"]);
  });

  it("hands a request whose client is gone to graphql-js, compiled or not", async () => {
    const { engines, run } = harness();
    const source = "{ hello }";
    await run(source);
    const gone = new AbortController();
    gone.abort();
    expect(await run(source, gone.signal)).toEqual({ data: { hello: "graphql-js" } });
    expect(await run(source)).toEqual({ data: { hello: "compiled or not" } });
    expect(engines).toEqual(["graphql-js", "graphql-js", "compiled"]);
  });
});
