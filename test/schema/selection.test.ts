import { buildSchema, type GraphQLResolveInfo, graphql } from "graphql";
import { describe, expect, it } from "vitest";
import { selectsField, selectsPath } from "../../src/schema/selection.js";

/** selectsField looks one level down, selectsPath several, through inline fragments and fragment spreads. */

const schema = buildSchema(`
  type Inventory { available: Int }
  type Sku { skuId: String, inventory: Inventory }
  type SkuEdge { node: Sku }
  type SkuConnection { edges: [SkuEdge] }
  type Query { sku: Sku, skus: SkuConnection }
`);

async function selects(query: string, path: readonly string[] = ["inventory"]): Promise<boolean> {
  let seen = false;
  const sku = { skuId: "1", inventory: { available: 1 } };
  const rootValue = {
    sku: (_: unknown, __: unknown, info: GraphQLResolveInfo) => {
      seen = selectsField(info, "inventory");
      return sku;
    },
    skus: (_: unknown, __: unknown, info: GraphQLResolveInfo) => {
      seen = selectsPath(info, path);
      return { edges: [{ node: sku }] };
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

describe("selectsPath", () => {
  const path = ["edges", "node", "inventory"];
  it("follows the path level by level, through fragments at any level", async () => {
    expect(await selects("{ skus { edges { node { inventory { available } } } } }", path)).toBe(true);
    expect(await selects("{ skus { edges { node { skuId } } } }", path)).toBe(false);
    expect(await selects("{ skus { edges { cursor: __typename } } }", path)).toBe(false);
    expect(
      await selects("query { skus { ...E } } fragment E on SkuConnection { edges { ... on SkuEdge { node { ...N } } } } fragment N on Sku { inventory { available } }", path),
    ).toBe(true);
  });

  it("finds the field under any of several selections of the same parent (aliases, repeated fields)", async () => {
    expect(await selects("{ skus { a: edges { node { skuId } } b: edges { node { inventory { available } } } } }", path)).toBe(true);
    expect(await selects("{ skus { edges { node { skuId } } edges { node { inventory { available } } } } }", path)).toBe(true);
  });
});
