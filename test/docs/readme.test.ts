import { readFileSync } from "node:fs";
import {
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  validate,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import { createSchema } from "../../src/schema/index.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";
import { SUPERSHIP_PARTNER_ENV } from "../support/supership-inputs.js";

/**
 * README's GraphQL examples and demo logins against the code: every ```graphql block is valid
 * against the schema, every mutation answering a union selects `__typename` and every error
 * member, the connect examples run as printed (a failure is a typed error, never `{}`) and
 * with the demo logins README lists, and that list is the simulators' own.
 */

const readme = readFileSync("README.md", "utf8");
const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
const schema: GraphQLSchema = createSchema();
const documents = blocks.map((text) => ({ text, doc: parse(text) }));
const operations = (doc: DocumentNode) => doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
const mutationsNamed = (prefix: string) => documents.filter(({ doc }) => operations(doc).some((op) => op.operation === "mutation" && op.name?.value.startsWith(prefix)));

describe("README's GraphQL examples", () => {
  it("are each valid against the schema", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    for (const { text, doc } of documents)
      expect(
        validate(schema, doc).map((e) => e.message),
        text,
      ).toEqual([]);
  });

  it("select __typename and every error of each mutation result union, so a failure prints something", () => {
    const mutationType = schema.getMutationType()!;
    let checked = 0;
    for (const { text, doc } of documents) {
      for (const op of operations(doc).filter((o) => o.operation === "mutation")) {
        for (const field of op.selectionSet.selections) {
          if (field.kind !== Kind.FIELD) continue;
          const result = getNamedType(mutationType.getFields()[field.name.value]!.type);
          if (!isUnionType(result)) continue;
          const selected = field.selectionSet as SelectionSetNode;
          expect(
            selected.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "__typename"),
            `${field.name.value}: __typename`,
          ).toBe(true);
          // A member is covered by a fragment on itself or on an interface it implements (… on Error).
          const on = new Set(selected.selections.flatMap((s) => (s.kind === Kind.INLINE_FRAGMENT && s.typeCondition ? [s.typeCondition.name.value] : [])));
          const covered = (t: GraphQLNamedType) => on.has(t.name) || (isObjectType(t) && t.getInterfaces().some((i) => isInterfaceType(i) && on.has(i.name)));
          const uncovered = result.getTypes().filter((t) => !covered(t));
          expect(
            uncovered.map((t) => t.name),
            text,
          ).toEqual([]);
          checked++;
        }
      }
    }
    // createOrder and the three connect mutations.
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});

/** README's demo logins table, as rows of cells with the backticks removed. */
function demoLogins(): string[][] {
  const start = readme.indexOf("**Demo logins.**");
  expect(start).toBeGreaterThan(0);
  const table = readme.slice(start, readme.indexOf("\n\n", readme.indexOf("| Simulator |", start)));
  return table
    .split("\n")
    .filter((l) => /^\| (HyperSKU|SuperShip) \|/.test(l))
    .map((l) =>
      l
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim().replace(/^`|`$/g, "")),
    );
}

describe("README's demo logins", () => {
  it("are exactly the simulators' seeded accounts, and the partner app is the SuperShip simulator's", () => {
    expect(demoLogins()).toEqual([
      ...HYPERSKU_DEMO.accounts.map((a) => ["HyperSKU", a.username, a.password, "—"]),
      ...SUPERSHIP_DEMO.accounts.map((a) => ["SuperShip", a.email, a.password, a.token]),
    ]);
    const { partner } = SUPERSHIP_DEMO;
    for (const setting of [`SUPERSHIP_CLIENT_ID=${partner.clientId}`, `SUPERSHIP_CLIENT_SECRET=${partner.clientSecret}`, `SUPERSHIP_PARTNER_CODE=${partner.partnerCode}`]) {
      expect(readme).toContain(`\`${setting}\``);
    }
  });
});

describe("README's connect examples, run against the simulators", () => {
  let sims: Simulators;
  let api: Api;

  beforeAll(async () => {
    sims = await startSimulators();
    api = await startApi({
      urls: sims.urls,
      env: SUPERSHIP_PARTNER_ENV,
    });
  });
  afterAll(async () => {
    await api?.close();
    await sims?.close();
  });

  type Result = Record<string, unknown> & { __typename: string };
  async function run(text: string, apiKey: string): Promise<Result> {
    const res = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: text }),
    });
    const body = (await res.json()) as { data?: Record<string, Result>; errors?: unknown };
    expect(body.errors, text).toBeUndefined();
    return Object.values(body.data ?? {})[0]!;
  }
  /** README's document with its `"…"` placeholders filled in order. */
  const fill = (text: string, ...values: string[]) => values.reduce((t, v) => t.replace('"…"', JSON.stringify(v)), text);

  // What each example answers as printed ("…" placeholders), with a wrong secret, and with a README demo login.
  const cases = [
    {
      prefix: "ConnectHyperskuWithPassword",
      login: [HYPERSKU_DEMO.accounts[1].username, HYPERSKU_DEMO.accounts[1].password],
      printed: "ProviderRejectedError",
      wrong: "ProviderRejectedError",
    },
    { prefix: "ConnectSupershipWithToken", login: [SUPERSHIP_DEMO.accounts[1].token], printed: "InputValidationError", wrong: "ProviderCredentialsRejectedError" },
    {
      prefix: "ConnectSupershipWithPartnerLogin",
      login: [SUPERSHIP_DEMO.accounts[1].email, SUPERSHIP_DEMO.accounts[1].password],
      printed: "InputValidationError",
      wrong: "ProviderCredentialsRejectedError",
    },
  ];

  for (const { prefix, login, printed, wrong } of cases) {
    it(`${prefix}: a failure prints its error type and message (${printed} as printed, ${wrong} for a wrong secret); a README demo login connects`, async () => {
      const [example] = mutationsNamed(prefix);
      expect(example, `README has a ${prefix} example`).toBeDefined();
      const { apiKey } = await createTenant(api.store, `README ${prefix}`);
      const failures = [await run(example!.text, apiKey), await run(fill(example!.text, ...login.slice(0, -1), `${login.at(-1)}-wrong`), apiKey)];
      expect(failures.map((f) => f.__typename)).toEqual([printed, wrong]);
      for (const f of failures) expect(f.message).toMatch(/\w/);
      // What README says a wrong HyperSKU password prints.
      if (prefix === "ConnectHyperskuWithPassword") expect(readme).toContain(`"__typename": "${wrong}", "providerCode": "${failures[1]!.providerCode}"`);
      // A login from README's table (checked above against the simulators' seed).
      for (const v of login) expect(readme).toContain(`\`${v}\``);
      const ok = await run(fill(example!.text, ...login), apiKey);
      expect(ok.__typename).toBe(`Mutation${prefix}Success`);
      expect(ok.data).toMatchObject({ state: "CONNECTED" });
    });
  }
});
