import { composeServices as composeWithApollo } from "@apollo/composition";
import { composeServices as composeWithGuild } from "@theguild/federation-composition";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { FULFILLMENT_SDL } from "./gateway.js";
import { STOREFRONT_SDL } from "./storefront.js";

/** Our subgraph SDL composes with a second subgraph that references its entities, in both composition libraries. */

const services = [
  { name: "fulfillment", url: "http://fulfillment.invalid/subgraph", typeDefs: parse(FULFILLMENT_SDL) },
  { name: "storefront", url: "http://storefront.invalid/graphql", typeDefs: parse(STOREFRONT_SDL) },
];

/** The keys a supergraph records for one subgraph's type. */
function joinKeys(supergraph: string, type: string, graph: string): string[] {
  const block = new RegExp(`^type ${type}\\b[^\\n]*\\n((?:  @join__.*\\n)+)`, "m").exec(supergraph)?.[1] ?? "";
  return [...block.matchAll(new RegExp(`@join__type\\(graph: ${graph}, key: "([^"]+)"`, "g"))].map((m) => m[1]!);
}

describe("composition", () => {
  it("@apollo/composition composes the supergraph with no errors, keeping every entity's keys", () => {
    const result = composeWithApollo(services);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    const supergraph = result.supergraphSdl!;
    expect(joinKeys(supergraph, "Order", "FULFILLMENT")).toEqual(["orderId"]);
    expect(joinKeys(supergraph, "Order", "STOREFRONT")).toEqual(["orderId"]);
    expect(joinKeys(supergraph, "Product", "FULFILLMENT")).toEqual(["productId"]);
    expect(joinKeys(supergraph, "Sku", "FULFILLMENT")).toEqual(["id", "skuId product { productId }"]);
    expect(joinKeys(supergraph, "Sku", "STOREFRONT")).toEqual(["skuId product { productId }"]);
    expect(joinKeys(supergraph, "Delivery", "FULFILLMENT")).toEqual(["code"]);
    expect(joinKeys(supergraph, "Warehouse", "FULFILLMENT")).toEqual(["code"]);
    // The storefront's own fields land on our types in the public API of the supergraph.
    expect(result.schema!.toAPISchema().toGraphQLJSSchema().getType("Order")?.toConfig()).toHaveProperty("fields.storefrontNote");
  });

  it("@theguild/federation-composition (what Hive uses) composes it with no errors too", () => {
    const result = composeWithGuild(services);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    expect(result.publicSdl).toMatch(/type Order implements Node \{[^}]*storefrontNote: String/);
  });
});
