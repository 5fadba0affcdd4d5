import { z } from "zod";
import { LoginReqDto, OAuth2AccesTokenReq, OAuth2RefreshTokenReq } from "../schemas/auth.js";
import { GetCustomerInventoryReq, GetInventoryInfoReq, GetStockOrderInfoReq } from "../schemas/inventory.js";
import { LogisticsRequestDto } from "../schemas/logistics.js";
import { CancelOrderReq, ExternalOrderReq, GetOrderInfosReq, OrdersInfoDto, OrdersStatusDto, UpdateOrderAddressReq } from "../schemas/orders.js";
import { GetPrivateProductReq } from "../schemas/products.js";
import type { SimEndpoint } from "./routes.js";

/**
 * What each route of the simulator accepts: the JSON body (the same schema objects the routes
 * parse with) or, for GETs, the query. The contract test holds every request the client sends
 * to this table. GET parameters are the simulator's guesses (§4.5, §4.14: "not found").
 */

const none = z.strictObject({});
const one = (key: string) => z.strictObject({ [key]: z.string().min(1) });

export const SIM_REQUESTS: Record<SimEndpoint, { body?: z.ZodType; query: z.ZodType }> = {
  getToken: { body: LoginReqDto, query: none },
  accessToken: { body: OAuth2AccesTokenReq, query: none },
  refreshToken: { body: OAuth2RefreshTokenReq, query: none },
  getPrivateProduct: { body: GetPrivateProductReq, query: none },
  getProductInfo: { query: one("productId") },
  getCountryCode: { query: none },
  getLogisticsSku: { body: LogisticsRequestDto, query: none },
  internationalLogisticsInfo: { query: none },
  cancelOrder: { body: CancelOrderReq, query: none },
  create: { body: OrdersInfoDto, query: none },
  getCustomerInventoryInfo: { body: GetCustomerInventoryReq, query: none },
  getInventoryHistoryByOrderId: { query: one("orderId") },
  getInventoryInfo: { body: GetInventoryInfoReq, query: none },
  getOrderInfos: { body: GetOrderInfosReq, query: none },
  getOrdersByExternalOrderId: { body: ExternalOrderReq, query: none },
  getOrderByStoreOrderId: { query: none },
  getOrdersStatus: { body: OrdersStatusDto, query: none },
  getStockOrderInfo: { body: GetStockOrderInfoReq, query: none },
  updateOrderAddress: { body: UpdateOrderAddressReq, query: none },
};
