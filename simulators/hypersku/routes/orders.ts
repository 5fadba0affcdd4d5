import { HYPERSKU_DEMO } from "../demo.js";
import { notFound, ok, paginate, readBody, table } from "../envelope.js";
import { byNewest, findByStoreOrderId } from "../queries.js";
import { ExternalOrderReq, GetOrderInfosReq, OrdersStatusDto } from "../schemas/orders.js";
import { orderDto, orderStatusDto } from "../serialize.js";
import { accountOf, provide, type RouteDeps } from "./register.js";

/**
 * Order reads (hypersku-api.md §4.10, §4.12). getOrderInfos filters are ANDed; like every id
 * filter here an EMPTY list filters nothing (INVENTED, the MyBatis habit). The two [3P]
 * lookups by store order id without a sidebar entry (addendum #6) answer the newest match as
 * one ObjectRestResponse«OrderResult» (§4.10's guess), or 60004.
 */
export function orderReadRoutes(deps: RouteDeps): void {
  provide(deps, "getOrderInfos", async (c) => {
    const body = await readBody(c, GetOrderInfosReq);
    if (!body.ok) return c.json(body.error);
    const { page, limit, orderIds, storeOrderIds, status } = body.value;
    const rows = [...accountOf(deps, c).orders.values()]
      .filter((o) => !orderIds?.length || orderIds.includes(o.orderId))
      .filter((o) => !storeOrderIds?.length || storeOrderIds.includes(o.storeOrderId))
      .filter((o) => status === undefined || o.status === status)
      .sort(byNewest);
    return c.json(table(rows.length, paginate(rows, page, limit).map(orderDto)));
  });

  // The body is a bare JSON array of order ids (3P); unknown ids are left out of the answer.
  provide(deps, "getOrdersStatus", async (c) => {
    const body = await readBody(c, OrdersStatusDto);
    if (!body.ok) return c.json(body.error);
    const orders = accountOf(deps, c).orders;
    const found = [...new Set(body.value)].flatMap((id) => {
      const order = orders.get(id);
      return order ? [orderStatusDto(order)] : [];
    });
    return c.json(ok(found));
  });

  // storeCode [INF]: each demo account has one store (HYPERSKU_DEMO's storeCode) holding all its
  // orders; another store's code finds nothing. Absent or empty (3P sends "" when unset): any store.
  provide(deps, "getOrdersByExternalOrderId", async (c) => {
    const body = await readBody(c, ExternalOrderReq);
    if (!body.ok) return c.json(body.error);
    const { storeCode, storeOrderId } = body.value;
    const account = accountOf(deps, c);
    const store = HYPERSKU_DEMO.accounts.find((a) => a.accountId === account.accountId)?.storeCode;
    const order = storeCode && storeCode !== store ? undefined : findByStoreOrderId(account, storeOrderId);
    return c.json(order ? ok(orderDto(order)) : notFound(storeCode ? `order ${storeOrderId} in store ${storeCode}` : `order ${storeOrderId}`));
  });
  provide(deps, "getOrderByStoreOrderId", (c) => {
    const storeOrderId = c.req.param("storeOrderId") ?? "";
    const order = findByStoreOrderId(accountOf(deps, c), storeOrderId);
    return c.json(order ? ok(orderDto(order)) : notFound(`order ${storeOrderId}`));
  });
}
