import { buildSchema, graphql, type GraphQLResolveInfo } from "graphql";
import { describe, expect, it } from "vitest";
import { selectsField } from "../../src/schema/selection.js";

/** selectsField looks one level down, through inline fragments and fragment spreads. */

const schema = buildSchema(`
  type Inventory { available: Int }
  type Sku { skuId: String, inventory: Inventory }
  type Query { sku: Sku }
`);

async function selects(query: string): Promise<boolean> {
  let seen = false;
  const rootValue = {
    sku: (_: unknown, __: unknown, info: GraphQLResolveInfo) => {
      seen = selectsField(info, "inventory");
      return { skuId: "1", inventory: { available: 1 } };
    },
  };
  const res = await graphql({ schema, source: query, rootValue });
  expect(res.errors).toBeUndefined();
  return seen;
}

describe("selectsField", () => {
  it("finds a direct selection", async () => {
    expect(await selects("{ sku { skuId inventory { available } } }")).toBe(true);
    expect(await selects("{ sku { skuId } }")).toBe(false);
  });

  it("looks through inline fragments and named fragments, once each", async () => {
    expect(await selects("{ sku { ... on Sku { inventory { available } } } }")).toBe(true);
    expect(await selects("query { sku { ...A } } fragment A on Sku { ...B } fragment B on Sku { inventory { available } }")).toBe(true);
    expect(await selects("query { sku { ...A } } fragment A on Sku { skuId }")).toBe(false);
  });
});
