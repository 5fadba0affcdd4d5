import SchemaBuilder from "@pothos/core";
import RelayPlugin, { encodeGlobalID } from "@pothos/plugin-relay";
import { execute, type GraphQLObjectType, type GraphQLSchema, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { createSchema } from "../../src/schema/index.js";
import SyncGlobalIdsPlugin from "../../src/schema/sync-global-ids.js";

/** The id field's resolver of `type`, called as the executor calls it. */
function idOf(schema: GraphQLSchema, type: string, parent: unknown): unknown {
  const field = (schema.getType(type) as GraphQLObjectType).getFields().id;
  return field?.resolve?.(parent, {}, {}, { fieldName: "id", parentType: schema.getType(type) } as never);
}

function testSchema(relay: { encodeGlobalID?: (type: string, id: string | number | bigint) => string } = {}) {
  // The app's builder module declares the other plugins' options globally (scopeAuth is then required); this builder has none of them.
  const builder = new SchemaBuilder<{ Objects: { Thing: { key: string }; Later: { key: string } } }>({ plugins: [RelayPlugin, SyncGlobalIdsPlugin], relay } as never);
  builder.node("Thing", { id: { resolve: (t) => t.key }, fields: (t) => ({ key: t.exposeString("key") }) });
  builder.node("Later", { id: { resolve: async (t) => t.key }, fields: (t) => ({ key: t.exposeString("key") }) });
  builder.queryType({
    fields: (t) => ({
      thing: t.field({ type: "Thing", resolve: () => ({ key: "a:1" }) }),
      later: t.field({ type: "Later", resolve: () => ({ key: "b" }) }),
      plain: t.string({ resolve: () => "id" }),
    }),
  });
  return builder.toSchema();
}

describe("node ids answered synchronously", () => {
  it("answers a node's id as a string, encoded as relay encodes it", async () => {
    const schema = testSchema();
    expect(idOf(schema, "Thing", { key: "a:1" })).toBe(encodeGlobalID("Thing", "a:1"));
    const result = await execute({ schema, document: parse("{ thing { id key } later { id } }") });
    expect(result).toEqual({ data: { thing: { id: encodeGlobalID("Thing", "a:1"), key: "a:1" }, later: { id: encodeGlobalID("Later", "b") } } });
  });

  it("encodes an id whose resolver answers a promise when it settles", async () => {
    const id = idOf(testSchema(), "Later", { key: "b" });
    expect(id).toBeInstanceOf(Promise);
    await expect(id).resolves.toBe(encodeGlobalID("Later", "b"));
  });

  it("leaves a builder with its own encodeGlobalID to relay", async () => {
    const id = idOf(testSchema({ encodeGlobalID: (type, key) => `${type}/${key}` }), "Thing", { key: "a" });
    expect(id).toBeInstanceOf(Promise);
    await expect(id).resolves.toBe("Thing/a");
  });

  it("covers every node type of the served schema", () => {
    const schema = createSchema();
    const node = schema.getType("Node");
    const nodes = Object.values(schema.getTypeMap()).filter((t) => "getInterfaces" in t && (t as GraphQLObjectType).getInterfaces().some((i) => i === node));
    expect(nodes.map((t) => t.name).sort()).toEqual(["Delivery", "InternationalShipment", "Inventory", "Order", "Product", "Sku", "StockOrder", "Warehouse"]);
    const parents: Record<string, unknown> = {
      Delivery: { code: "SGN1" },
      InternationalShipment: { trackingNumber: "T1", orderId: "1" },
      Inventory: { skuId: "9" },
      Order: { id: "1" },
      Product: { id: "2" },
      Sku: { productId: "2", id: "3" },
      StockOrder: { id: "4" },
      Warehouse: { code: "W1" },
    };
    for (const t of nodes) expect(typeof idOf(schema, t.name, parents[t.name]), t.name).toBe("string");
  });
});
