import type { StandardSchemaV1 } from "@pothos/plugin-validation";
import { z } from "zod";

/**
 * zod rules shared by GraphQL arguments and input fields (run by the validation plugin, whose
 * issues name the field path, e.g. `items.0.quantity`). The same rules guard the shipping
 * quote and order creation, so a quote that passes here is one HyperSKU can also order.
 */

/** ISO 3166-1 alpha-2 in upper case, as HyperSKU's logistics endpoints check it (hypersku-api.md §4.7). */
export const countryCode = z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code in upper case, e.g. US");

/** Units of one SKU in one quote or order line. */
export const quantity = z.number().int().min(1, "must be at least 1").max(1000, "must be at most 1000");

/** Lines of one quote or order: HyperSKU takes a non-empty list; 100 keeps one call reasonable (INF). */
export const lineItems = z.array(z.unknown()).min(1, "needs at least one item").max(100, "takes at most 100 items");

/** A domestic Vietnamese number (0 and 9 digits): SuperShip couriers call it, and the provider checks this form. */
export const VN_PHONE = /^0\d{9}$/;
export const vnPhone = z.string().regex(VN_PHONE, "a Vietnamese phone number: 0 and 9 digits, e.g. 0901234567");

/** Validation issues as the graph reports them: a dot path (`input.items.0.quantity`) and a message. */
export function issuePaths(issues: readonly StandardSchemaV1.Issue[]): { path: string; message: string }[] {
  return issues.map((i) => ({ path: (i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join("."), message: i.message }));
}
