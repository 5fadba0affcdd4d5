import { z } from "zod";
import { normalizeMovementType } from "../../../domain/inventory-movement.js";
import { Count, Id, PageRequest, Timestamp } from "./shared.js";

/** The merchant's own stock and its movements (hypersku-api.md §4.14). */

const StockLevels = {
  skuId: Id,
  productId: Id,
  availableQty: Count,
  reservedQty: Count,
  inTransitQty: Count,
  warehouseName: z.string().nullish(),
  updTime: Timestamp.nullish(),
};
/** Levels per SKU (getCustomerInventoryInfo) and listing rows (getInventoryInfo) both answer the graph's Inventory. */
const toInventory = (dto: z.output<z.ZodObject<typeof StockLevels>>) => ({
  /** HyperSKU's SKU id: the node key, since the merchant holds one stock level per SKU. */
  skuId: dto.skuId,
  productId: dto.productId,
  available: dto.availableQty,
  reserved: dto.reservedQty,
  inTransit: dto.inTransitQty,
  warehouseName: dto.warehouseName ?? null,
  updatedAt: dto.updTime ?? null,
});

/** The merchant's stock of one SKU in HyperSKU warehouses. */
export const CustomerInventoryDto = z.object(StockLevels).transform(toInventory);
export type Inventory = z.output<typeof CustomerInventoryDto>;
export const GetCustomerInventoryReq = z.object({ skuIds: z.array(z.string().min(1)).min(1).max(100) });

/** A row of the merchant's inventory listing. */
export const OrderInventoryResult = z
  .object({
    ...StockLevels,
    goodsName: z.string(),
    attrStr: z.string().nullish(),
    imgUrl: z.string().nullish(),
  })
  .transform(toInventory);
export const GetInventoryInfoReq = PageRequest.extend({ skuIds: z.array(z.string()).max(100).optional() });

/**
 * One stock movement caused by an order: negative quantities leave stock. The movement carries
 * only a skuId; its product comes from the order's line for that SKU (resolvers/order.ts).
 */
export const OrderInventoryHistoryDto = z
  .object({
    id: Id,
    orderId: Id,
    skuId: Id,
    changeQty: Count,
    /** LOCK | DEDUCT | RELEASE | INBOUND (INF) */
    type: z.string(),
    balanceQty: Count.nullish(),
    crtTime: Timestamp,
  })
  .transform((h) => {
    return {
      id: h.id,
      type: normalizeMovementType(h.type),
      rawType: h.type,
      /** Negative when stock leaves the available quantity. */
      quantityChange: h.changeQty,
      balance: h.balanceQty ?? null,
      skuId: h.skuId,
      occurredAt: h.crtTime,
    };
  });
export type InventoryMovementRecord = z.output<typeof OrderInventoryHistoryDto>;
