import { decodeGlobalID } from "@pothos/plugin-relay";
import { NotFoundError } from "../domain/errors.js";
import { builder } from "./builder.js";
import { DeliveryRef } from "./delivery.js";
import { OrderRef } from "./order.js";
import { ProductRef, SkuRef } from "./product.js";
import { WarehouseRef } from "./warehouse.js";

/**
 * The federation entities of the subgraph (src/schema/index.ts `createSubgraphSchema`, served
 * on SUBGRAPH_PATH; docs/federation.md). Declared here, not in the noun files, so that the
 * public schema's files stay about the public schema.
 *
 * Every `resolveReference` goes through the request's dataloader of its type: a router's
 * `_entities` call with N representations is one batch, so N order keys cost ⌈N / 50⌉
 * getOrderInfos calls, exactly like N orders reached by any other path. A reference the
 * provider does not know (or another merchant's) resolves to null, as `node(id)` does; any
 * other failure raises at that entity's path.
 */

const orNull = <T>(load: Promise<T>): Promise<T | null> => load.catch((e: unknown) => (e instanceof NotFoundError ? null : Promise.reject(e)));

builder.asEntity(ProductRef, {
  key: builder.selection<{ productId: string }>("productId"),
  resolveReference: ({ productId }, ctx) => orNull(ProductRef.getDataloader(ctx).load(productId)),
});

/**
 * Two keys. `skuId product { productId }` is the one another subgraph can build from HyperSKU
 * ids alone (HyperSKU has no SKU lookup, so a SKU always loads through its product: one
 * batched getPrivateProduct call for any number of SKUs). `id` (the opaque node id) costs this
 * subgraph nothing to provide, so a router hopping from a Sku we returned prefers it.
 */
type SkuKey = { id: string } | { skuId: string; product: { productId: string } };

builder.asEntity(SkuRef, {
  key: [builder.selection<{ id: string }>("id"), builder.selection<{ skuId: string; product: { productId: string } }>("skuId product { productId }")],
  resolveReference: (ref: SkuKey, ctx) => {
    const key = "id" in ref ? skuNodeKey(ref.id) : `${ref.product.productId}:${ref.skuId}`;
    return key === null ? null : orNull(SkuRef.getDataloader(ctx).load(key));
  },
});

/** The `<productId>:<skuId>` key inside a Sku node id; null for an id of another type or no id at all. */
function skuNodeKey(id: string): string | null {
  try {
    const decoded = decodeGlobalID(id);
    return decoded.typename === "Sku" ? decoded.id : null;
  } catch {
    return null;
  }
}

builder.asEntity(OrderRef, {
  key: builder.selection<{ orderId: string }>("orderId"),
  resolveReference: ({ orderId }, ctx) => orNull(OrderRef.getDataloader(ctx).load(orderId)),
});

/** SuperShip has no batch lookup by code (supership-api.md §5 C4): one orders/info call per distinct code. */
builder.asEntity(DeliveryRef, {
  key: builder.selection<{ code: string }>("code"),
  resolveReference: ({ code }, ctx) => orNull(DeliveryRef.getDataloader(ctx).load(code)),
});

/** One listWarehouses call answers every warehouse reference of the request's tick. */
builder.asEntity(WarehouseRef, {
  key: builder.selection<{ code: string }>("code"),
  resolveReference: ({ code }, ctx) => orNull(WarehouseRef.getDataloader(ctx).load(code)),
});
