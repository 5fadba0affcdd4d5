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

/** Whether a supergraph keeps `@cacheControl(scope: PRIVATE)` on a type (src/schema/cache-scope.ts); quoted keys may hold `{`. */
const privateIn = (supergraph: string, type: string) => new RegExp(`^type ${type}\\b(?:[^"{]|"[^"]*")*@cacheControl\\(scope: PRIVATE\\)`, "m").test(supergraph);

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
    expect(joinKeys(supergraph, "Order", "FULFILLMENT")).toEqual(["orderId", "id"]);
    expect(joinKeys(supergraph, "Order", "STOREFRONT")).toEqual(["orderId"]);
    expect(joinKeys(supergraph, "Product", "FULFILLMENT")).toEqual(["productId", "id"]);
    expect(joinKeys(supergraph, "Sku", "FULFILLMENT")).toEqual(["id", "skuId product { productId }"]);
    expect(joinKeys(supergraph, "Sku", "STOREFRONT")).toEqual(["skuId product { productId }"]);
    expect(joinKeys(supergraph, "Delivery", "FULFILLMENT")).toEqual(["code", "id"]);
    expect(joinKeys(supergraph, "Warehouse", "FULFILLMENT")).toEqual(["code", "id"]);
    for (const type of ["InternationalShipment", "Inventory", "StockOrder"]) expect(joinKeys(supergraph, type, "FULFILLMENT")).toEqual(["id"]);
    // The storefront's own fields land on our types in the public API of the supergraph.
    expect(result.schema!.toAPISchema().toGraphQLJSSchema().getType("Order")?.toConfig()).toHaveProperty("fields.storefrontNote");
    // Tenant types stay marked PRIVATE for the gateway's response cache; the area lists do not.
    expect(["Order", "Delivery", "Warehouse", "Sku"].map((t) => privateIn(supergraph, t))).toEqual([true, true, true, true]);
    expect(privateIn(supergraph, "Province")).toBe(false);
  });

  it("@theguild/federation-composition (what Hive uses) composes it with no errors too", () => {
    const result = composeWithGuild(services);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    expect(result.publicSdl).toMatch(/type Order implements Node \{[^}]*storefrontNote: String/);
    const supergraph = ("supergraphSdl" in result && result.supergraphSdl) || "";
    expect(["Order", "Delivery", "Warehouse", "Sku"].map((t) => privateIn(supergraph, t))).toEqual([true, true, true, true]);
    expect(privateIn(supergraph, "Province")).toBe(false);
  });
});
