import { type DeliveryStatusRow, toDeliveryStatusRow } from "../domain/delivery-status.js";
import type { Context } from "./context.js";

/** SuperShip's status table (orders/status, anonymous: the same for every caller), each row with its normalized status. */
export const deliveryStatuses = async (ctx: Context): Promise<DeliveryStatusRow[]> => (await ctx.app.providers.supership().statusTable()).map(toDeliveryStatusRow);
