import { readFileSync } from "node:fs";
import { printSubgraphSchema } from "@apollo/subgraph";
import { describe, expect, it } from "vitest";
import { createSubgraphSchema } from "../../src/schema/index.js";

describe("checked-in subgraph SDL", () => {
  it("subgraph.graphql matches the subgraph the code builds (run `npm run subgraph:sdl` or `npm run codegen` after a change)", () => {
    expect(readFileSync("subgraph.graphql", "utf8")).toBe(`${printSubgraphSchema(createSubgraphSchema())}\n`);
  });
});
