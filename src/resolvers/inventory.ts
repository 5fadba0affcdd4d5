import { NotFoundError } from "../loaders/batch.js";
import type { CustomerInventoryDto, OrderInventoryResult } from "../providers/hypersku/schemas.js";

/** The merchant's own stock in HyperSKU warehouses, one record per SKU (hypersku-api.md §4.14, INF). */

export interface Inventory {
  /** HyperSKU's SKU id: the node key, since the merchant holds one stock level per SKU. */
  skuId: string;
  productId: string;
  available: number;
  reserved: number;
  inTransit: number;
  warehouseName: string | null;
  updatedAt: string | null;
}

/** Levels per SKU (getCustomerInventoryInfo) and listing rows (getInventoryInfo) share these fields. */
export function toInventory(dto: CustomerInventoryDto | OrderInventoryResult): Inventory {
  return {
    skuId: dto.skuId,
    productId: dto.productId,
    available: dto.availableQty,
    reserved: dto.reservedQty,
    inTransit: dto.inTransitQty,
    warehouseName: dto.warehouseName ?? null,
    updatedAt: dto.updTime ?? null,
  };
}

/**
 * For nullable fields over a loader: a miss (the loader's NotFoundError) is an answer, null;
 * any other failure still raises at the field's path.
 */
export async function nullIfNotFound<T>(load: Promise<T>): Promise<T | null> {
  try {
    return await load;
  } catch (e) {
    if (e instanceof NotFoundError) return null;
    throw e;
  }
}
