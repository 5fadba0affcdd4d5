/** How a movement changes the merchant's stock (hypersku-api.md §4.14, INFERRED); anything else reads as UNKNOWN. */
export const INVENTORY_MOVEMENT_TYPES = ["LOCK", "DEDUCT", "RELEASE", "INBOUND", "UNKNOWN"] as const;
export type InventoryMovementType = (typeof INVENTORY_MOVEMENT_TYPES)[number];

export function normalizeMovementType(raw: string): InventoryMovementType {
  const type = raw.trim().toUpperCase();
  return (INVENTORY_MOVEMENT_TYPES as readonly string[]).includes(type) ? (type as InventoryMovementType) : "UNKNOWN";
}
