import { ORDER_ALIASES } from "../contract/routes.js";
import { notFound, ok, paginate, readBody, table } from "../envelope.js";
import { byNewest, findByStoreOrderId } from "../queries.js";
import { ExternalOrderReq, GetOrderInfosReq, OrdersStatusDto } from "../schemas/orders.js";
import { orderDto, orderStatusDto } from "../serialize.js";
import { accountOf, provide, type RouteDeps } from "./register.js";

/**
 * Order reads (hypersku-api.md §4.10, §4.12). getOrderInfos filters are ANDed; like every id
 * filter here an EMPTY list filters nothing (INVENTED, the MyBatis habit). The two [3P] paths
 * without a sidebar entry are served as aliases counted under getOrderInfos.
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

  provide(
    deps,
    "getOrderInfos",
    async (c) => {
      const body = await readBody(c, ExternalOrderReq);
      if (!body.ok) return c.json(body.error);
      const order = findByStoreOrderId(accountOf(deps, c), body.value.storeOrderId);
      return c.json(order ? ok(orderDto(order)) : notFound(`order ${body.value.storeOrderId}`));
    },
    ORDER_ALIASES.byExternalOrderId,
  );
  provide(
    deps,
    "getOrderInfos",
    (c) => {
      const storeOrderId = c.req.param("storeOrderId") ?? "";
      const order = findByStoreOrderId(accountOf(deps, c), storeOrderId);
      return c.json(order ? ok(orderDto(order)) : notFound(`order ${storeOrderId}`));
    },
    ORDER_ALIASES.byStoreOrderIdPath,
  );
}
