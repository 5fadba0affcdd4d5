import { invalid, notFound, ok, paginate, readBody, table } from "../envelope.js";
import { compareIds } from "../ids.js";
import { GetCustomerInventoryReq, GetInventoryInfoReq, GetStockOrderInfoReq } from "../schemas/inventory.js";
import { customerInventoryDto, historyDto, inventoryRowDto, stockOrderDto } from "../serialize.js";
import { accountOf, provide, type RouteDeps } from "./register.js";

/**
 * Merchant stock (hypersku-api.md §4.14, all INF): levels per SKU, the paged listing, the
 * movements of one order, and stock-up orders. An empty id filter filters nothing (INVENTED).
 */
export function inventoryRoutes(deps: RouteDeps): void {
  // One row per known SKU that has stock; unknown or foreign skuIds are left out.
  provide(deps, "getCustomerInventoryInfo", async (c) => {
    const body = await readBody(c, GetCustomerInventoryReq);
    if (!body.ok) return c.json(body.error);
    const { inventory } = accountOf(deps, c);
    return c.json(ok([...new Set(body.value.skuIds)].flatMap((id) => (inventory.has(id) ? [customerInventoryDto(inventory.get(id)!)] : []))));
  });

  provide(deps, "getInventoryInfo", async (c) => {
    const body = await readBody(c, GetInventoryInfoReq);
    if (!body.ok) return c.json(body.error);
    const { page, limit, skuIds } = body.value;
    const account = accountOf(deps, c);
    const rows = [...account.inventory.values()].filter((l) => !skuIds?.length || skuIds.includes(l.skuId)).sort((a, b) => compareIds(a.skuId, b.skuId));
    return c.json(
      table(
        rows.length,
        paginate(rows, page, limit).map((l) => inventoryRowDto(account, l)),
      ),
    );
  });

  provide(deps, "getInventoryHistoryByOrderId", (c) => {
    const orderId = c.req.query("orderId");
    if (!orderId) return c.json(invalid("orderId is required"));
    const account = accountOf(deps, c);
    if (!account.orders.has(orderId)) return c.json(notFound(`order ${orderId}`));
    return c.json(ok(account.history.filter((h) => h.orderId === orderId).map(historyDto)));
  });

  provide(deps, "getStockOrderInfo", async (c) => {
    const body = await readBody(c, GetStockOrderInfoReq);
    if (!body.ok) return c.json(body.error);
    const { page, limit, stockOrderIds } = body.value;
    const rows = accountOf(deps, c)
      .stockOrders.filter((s) => !stockOrderIds?.length || stockOrderIds.includes(s.stockOrderId))
      .sort((a, b) => b.crtTime - a.crtTime || compareIds(a.stockOrderId, b.stockOrderId));
    return c.json(table(rows.length, paginate(rows, page, limit).map(stockOrderDto)));
  });
}
