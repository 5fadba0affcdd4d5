import { readFileSync } from "node:fs";
import { printSubgraphSchema } from "@apollo/subgraph";
import { describe, expect, it } from "vitest";
import { createSchema, createSubgraphSchema } from "../../src/schema/index.js";

describe("checked-in subgraph SDL", () => {
  it("subgraph.graphql matches the subgraph the code builds (run `npm run subgraph:sdl` or `npm run codegen` after a change)", () => {
    expect(readFileSync("subgraph.graphql", "utf8")).toBe(`${printSubgraphSchema(createSubgraphSchema())}\n`);
  });

  it("has no subscriptions, nor the types only they use, while the public schema has them (ADR 027)", () => {
    const [pub, sub] = [createSchema(), createSubgraphSchema()];
    expect(pub.getSubscriptionType()?.getFields().deliveryUpdated).toBeDefined();
    expect(sub.getSubscriptionType() ?? null).toBeNull();
    for (const name of ["DeliveryUpdate", "DeliveryUpdateFees", "DeliveryUpdateKind"]) {
      expect(pub.getType(name)).toBeDefined();
      expect(sub.getType(name)).toBeUndefined();
    }
    expect(sub.getType("Money")).toBeDefined(); // shared with the rest of the graph: kept
  });
});
