import { STOCK_ORDER_PAGE_MAX } from "../loaders/stock-order.js";
import type { Context } from "./context.js";
import { type ConnectionArgs, pagedConnection } from "./paging.js";

/** The merchant's stock-up orders (getStockOrderInfo), as HyperSKU orders them. */
export const listStockOrders = (ctx: Context, args: ConnectionArgs) =>
  pagedConnection(args, { maxPage: STOCK_ORDER_PAGE_MAX }, (page, limit) => ctx.hypersku.getStockOrderInfo({ page, limit }));
