import { clearCounters, readCounters, settle, type UpstreamCalls } from "./counters.js";
import type { Step } from "./floors.js";
import { postGraphql, problem } from "./graphql.js";
import type { IterationContext } from "./load.js";
import type { MeasureOptions } from "./measure.js";
import type { Scenario } from "./scenarios.js";
import type { Api } from "./stack.js";

/**
 * The counted execution of a scenario: wait until the providers are quiet, reset the
 * simulators' counters, run every step once, read the counters. The answers give the floors'
 * needs (needs.ts), so the floor always matches what this very execution touched.
 */

/** The scenario once, counted. Throws when a step answers with an error. */
async function executeOnce(api: Api, scenario: Scenario, { sims, apiKey, quietMs }: MeasureOptions): Promise<{ calls: UpstreamCalls; steps: Step[] }> {
  const ctx: IterationContext = {};
  const steps: Step[] = [];
  if (!(await settle(sims, { quietMs }))) throw new Error("the providers never went quiet: an earlier run is still calling them");
  await clearCounters(sims);
  for (const step of scenario.steps) {
    const variables = step.variables(ctx);
    if (!variables) throw new Error(`${step.name}: no input (an earlier step gave nothing to go on)`);
    const answer = await postGraphql(api.url, apiKey, step.query, variables);
    const why = problem(answer, step.resultPath ? [step.resultPath] : []);
    if (why) throw new Error(`${step.name}: ${why}`);
    const data = answer.json!.data as Record<string, unknown>;
    step.keep?.(data, ctx);
    steps.push(step.needs(data, ctx));
  }
  return { calls: await readCounters(sims), steps };
}

/**
 * Counted executions until two in a row agree (at most four): a call the API makes late for a
 * request of the previous load run, after the quiet period, would otherwise be counted here.
 * Without agreement the smallest count is kept and the result says so.
 */
export async function executeCounted(api: Api, scenario: Scenario, options: MeasureOptions): Promise<{ calls: UpstreamCalls; steps: Step[]; stable: boolean }> {
  let previous = await executeOnce(api, scenario, options);
  let smallest = previous;
  for (let i = 0; i < 3; i++) {
    const next = await executeOnce(api, scenario, options);
    if (next.calls.total === previous.calls.total) return { ...next, stable: true };
    if (next.calls.total < smallest.calls.total) smallest = next;
    previous = next;
  }
  return { ...smallest, stable: false };
}

