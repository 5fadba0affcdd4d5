import { z } from "zod";
import { LoginResDto, OAuth2TokenVo } from "../schemas/auth.js";
import { ObjectRestResponse, TableResultResponse } from "../schemas/common.js";
import { CustomerInventoryDto, OrderInventoryHistoryDto, OrderInventoryResult, StockOrderDto } from "../schemas/inventory.js";
import { CountryCodeReponseDto, InternationalLogisticsInfo, LogisticsResult } from "../schemas/logistics.js";
import { OrderAddressInfo, OrderCreateResponse, OrderResult, OrderStatusInfo, OrdersStatusResDto } from "../schemas/orders.js";
import { ProductInfoDto } from "../schemas/products.js";
import type { SimEndpoint } from "./routes.js";

/**
 * The whole success body each route answers, envelope included (hypersku-api.md §5.1). The
 * OAuth answers are bare, as the accessToken page's example is [DOC]; getToken's answer may be
 * bare too (the [3P] fixture, addendum #3) or enveloped (what the simulator sends).
 */

const R = ObjectRestResponse;

export const SIM_RESPONSES: Record<SimEndpoint, z.ZodType> = {
  getToken: z.union([R(LoginResDto), LoginResDto]),
  accessToken: OAuth2TokenVo,
  refreshToken: OAuth2TokenVo,
  getPrivateProduct: TableResultResponse(ProductInfoDto),
  getProductInfo: R(ProductInfoDto),
  getCountryCode: R(z.array(CountryCodeReponseDto)),
  getLogisticsSku: R(LogisticsResult),
  internationalLogisticsInfo: R(InternationalLogisticsInfo),
  /** §4.9 [INF]: the plain ObjectRestResponse, `data` boolean or empty. */
  cancelOrder: R(z.boolean().optional()),
  create: R(OrderCreateResponse),
  getCustomerInventoryInfo: R(z.array(CustomerInventoryDto)),
  getInventoryHistoryByOrderId: R(z.array(OrderInventoryHistoryDto)),
  getInventoryInfo: TableResultResponse(OrderInventoryResult),
  getOrderInfos: TableResultResponse(OrderResult),
  /** §4.10 [3P path, INF answer]: "perhaps ObjectRestResponse«OrderResult»", the newest match. */
  getOrdersByExternalOrderId: R(OrderResult),
  getOrderByStoreOrderId: R(OrderResult),
  /** The simulator answers an array; the doc's ObjectRestResponse«OrderStatusInfo» may be one object (addendum #7). */
  getOrdersStatus: R(z.union([z.array(OrdersStatusResDto), OrderStatusInfo])),
  getStockOrderInfo: TableResultResponse(StockOrderDto),
  updateOrderAddress: R(OrderAddressInfo),
};
