import { decodeGlobalID } from "@pothos/plugin-relay";
import { NotFoundError } from "../domain/errors.js";
import type { Context } from "../resolvers/context.js";
import { builder } from "./builder.js";
import { DeliveryRef } from "./delivery.js";
import { InternationalShipmentRef } from "./international-shipment.js";
import { InventoryRef } from "./inventory.js";
import { OrderRef } from "./order.js";
import { ProductRef, SkuRef } from "./product.js";
import { StockOrderRef } from "./stock-order.js";
import { WarehouseRef } from "./warehouse.js";

/**
 * The federation entities of the subgraph (src/schema/index.ts `createSubgraphSchema`, served
 * on SUBGRAPH_PATH; docs/federation.md). Declared here, not in the noun files, so that the
 * public schema's files stay about the public schema.
 *
 * Every `resolveReference` goes through the request's dataloader of its type: a router's
 * `_entities` call with N representations is one batch, so N order keys cost ⌈N / 50⌉
 * getOrderInfos calls, exactly like N orders reached by any other path. A reference the
 * provider does not know (or another merchant's) is a NOT_FOUND error at its index, the entity
 * null (docs/federation.md "Entities: the contract": a bare null makes both gateways report a
 * non-null violation instead); any other failure raises at that entity's path the same way.
 *
 * Every Node is an entity by its `id` too (docs/decisions/030-composable-subgraph.md): the
 * subgraph leaves `Query.node` to the supergraph's one owner of it, which answers our ids with
 * a `{ __typename, id }` stub the router then resolves here. The id decodes to the key the
 * type's loader takes, so an `id` reference costs what a reference by the provider's key does.
 */

type Loadable<T> = { getDataloader: (ctx: Context) => { load: (key: string) => Promise<T> } };

/** The entity a node id names, through its type's loader; a NotFoundError for an id of another type or none at all. */
function byNodeId<T>(ref: Loadable<T>, typename: string, id: string, ctx: Context): Promise<T> {
  const key = nodeKey(typename, id);
  return key === null ? Promise.reject(new NotFoundError(typename, id)) : ref.getDataloader(ctx).load(key);
}

type NodeKey = { id: string };
const byId = builder.selection<NodeKey>("id");

/** The loader key inside a node id of `typename`; null for an id of another type or no id at all. */
function nodeKey(typename: string, id: string): string | null {
  try {
    const decoded = decodeGlobalID(id);
    return decoded.typename === typename ? decoded.id : null;
  } catch {
    return null;
  }
}

builder.asEntity(ProductRef, {
  key: [builder.selection<{ productId: string }>("productId"), byId],
  resolveReference: (ref: { productId: string } | NodeKey, ctx) =>
    "id" in ref ? byNodeId(ProductRef, "Product", ref.id, ctx) : ProductRef.getDataloader(ctx).load(ref.productId),
});

/**
 * Two keys. `skuId product { productId }` is the one another subgraph can build from HyperSKU
 * ids alone (HyperSKU has no SKU lookup, so a SKU always loads through its product: one
 * batched getPrivateProduct call for any number of SKUs). `id` (the opaque node id) costs this
 * subgraph nothing to provide, so a router hopping from a Sku we returned prefers it.
 */
type SkuKey = { id: string } | { skuId: string; product: { productId: string } };

builder.asEntity(SkuRef, {
  key: [byId, builder.selection<{ skuId: string; product: { productId: string } }>("skuId product { productId }")],
  resolveReference: (ref: SkuKey, ctx) => ("id" in ref ? byNodeId(SkuRef, "Sku", ref.id, ctx) : SkuRef.getDataloader(ctx).load(`${ref.product.productId}:${ref.skuId}`)),
});

builder.asEntity(OrderRef, {
  key: [builder.selection<{ orderId: string }>("orderId"), byId],
  resolveReference: (ref: { orderId: string } | NodeKey, ctx) => ("id" in ref ? byNodeId(OrderRef, "Order", ref.id, ctx) : OrderRef.getDataloader(ctx).load(ref.orderId)),
});

/** SuperShip has no batch lookup by code (supership-api.md §5 C4): one orders/info call per distinct code. */
builder.asEntity(DeliveryRef, {
  key: [builder.selection<{ code: string }>("code"), byId],
  resolveReference: (ref: { code: string } | NodeKey, ctx) => ("id" in ref ? byNodeId(DeliveryRef, "Delivery", ref.id, ctx) : DeliveryRef.getDataloader(ctx).load(ref.code)),
});

/** One listWarehouses call answers every warehouse reference of the request's tick. */
builder.asEntity(WarehouseRef, {
  key: [builder.selection<{ code: string }>("code"), byId],
  resolveReference: (ref: { code: string } | NodeKey, ctx) =>
    "id" in ref ? byNodeId(WarehouseRef, "Warehouse", ref.id, ctx) : WarehouseRef.getDataloader(ctx).load(ref.code),
});

/** Node types with no provider key of their own another subgraph could hold: entities by `id` only. */
builder.asEntity(InternationalShipmentRef, {
  key: byId,
  resolveReference: ({ id }, ctx) => byNodeId(InternationalShipmentRef, "InternationalShipment", id, ctx),
});

builder.asEntity(InventoryRef, {
  key: byId,
  resolveReference: ({ id }, ctx) => byNodeId(InventoryRef, "Inventory", id, ctx),
});

builder.asEntity(StockOrderRef, {
  key: byId,
  resolveReference: ({ id }, ctx) => byNodeId(StockOrderRef, "StockOrder", id, ctx),
});
