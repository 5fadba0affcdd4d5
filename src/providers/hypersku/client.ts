import { z } from "zod";
import type { TokenSource } from "../call.js";
import type { Transport } from "../http.js";
import { defaultPrefixes, type PathPrefixes } from "./endpoints.js";
import { type ExchangeCodeInput, exchangeCode } from "./exchange-code.js";
import { encodeIds, type IdEncoding } from "./id-encoding.js";
import { type RefreshTokenInput, refreshToken } from "./refresh-token.js";
import { createHyperskuCaller, parseInput } from "./request.js";
import { LoginReqDto, LoginResDto } from "./schemas/auth.js";
import {
  CustomerInventoryDto,
  GetCustomerInventoryReq,
  GetInventoryInfoReq,
  type Inventory,
  type InventoryMovementRecord,
  OrderInventoryHistoryDto,
  OrderInventoryResult,
} from "./schemas/inventory.js";
import {
  type Country,
  CountryCodeReponseDto,
  InternationalLogisticsInfo,
  type InternationalShipment,
  LogisticsRequestDto,
  LogisticsResult,
  type ShippingOption,
} from "./schemas/logistics.js";
import {
  type Address,
  CancelOrderReq,
  GetOrderInfosReq,
  GetOrdersByExternalOrderIdReq,
  type Order,
  OrderAddressInfo,
  OrderCreateResponse,
  OrderResult,
  OrderStatusInfo,
  OrdersByStoreOrderId,
  OrdersInfoDto,
  OrdersStatusDto,
  type OrdersStatusResDto,
  type ShippingAddressDto,
  UpdateOrderAddressReq,
} from "./schemas/order.js";
import { GetPrivateProductReq, type Product, ProductInfoDto } from "./schemas/product.js";
import { TableData } from "./schemas/shared.js";
import { GetStockOrderInfoReq, type StockOrder, StockOrderDto } from "./schemas/stock-order.js";

/**
 * The typed HyperSKU client: one method per row of the endpoint table (same names), inputs
 * validated before any call, outputs parsed by the wire schemas. Bind one client to one
 * merchant's token; the transport (retries, breaker, concurrency cap) is shared per process.
 * Every method is `async`, so a bad input rejects the promise rather than throwing synchronously.
 */

export interface HyperskuClientOptions {
  transport: Transport;
  /** The merchant's access token (or a function returning it, read per call); without it, `auth: true` endpoints fail with ProviderCredentialsRejectedError before any HTTP. */
  token?: TokenSource | undefined;
  /** Prepended to the token in the Authorization header: "" (raw token, default) or "Bearer " (§3.2). */
  authPrefix?: string;
  successCodes?: readonly number[];
  prefixes?: PathPrefixes;
  /** Sent as `Authorization` on getToken, accessToken and refreshToken when set (HYPERSKU_TOKEN_AUTHORIZATION); unset, they carry none. */
  tokenAuthorization?: string | undefined;
  /** How `logisticsId`, `skuId` and `thirdOrderId` go on the wire: JSON strings (default) or bare-digit numbers (id-encoding.ts). */
  idEncoding?: IdEncoding;
}

export interface Page<T> {
  total: number;
  rows: T[];
}

const Key = z.string().min(1);
/** cancelOrder answers a plain ObjectRestResponse; its `data` (boolean or empty, INF) carries nothing we need. */
const Ignored = z.unknown().transform((): void => undefined);

// Response schemas built once: zod compiles an object schema on its first parse, so a schema
// built per call would be compiled on every call.
const ProductPage = TableData(ProductInfoDto);
const InventoryPage = TableData(OrderInventoryResult);
const OrderPage = TableData(OrderResult);
const StockOrderPage = TableData(StockOrderDto);
const Countries = z.array(CountryCodeReponseDto);
const InventoryRows = z.array(CustomerInventoryDto);
const InventoryHistory = z.array(OrderInventoryHistoryDto);

export function createHyperskuClient({
  transport,
  token,
  authPrefix = "",
  successCodes = [200, 0],
  prefixes = defaultPrefixes,
  idEncoding = "string",
  tokenAuthorization,
}: HyperskuClientOptions) {
  const call = createHyperskuCaller({ transport, token, authPrefix, successCodes, prefixes, tokenAuthorization });
  const ids = (body: unknown) => encodeIds(body, idEncoding);

  return {
    /** Username/password login (3P); 3P also reads a bare `token`, so a bare answer is accepted. */
    getToken: async (input: z.input<typeof LoginReqDto>): Promise<LoginResDto> =>
      call("getToken", { body: parseInput("getToken", LoginReqDto, input), data: LoginResDto, extra: { bareWhen: ["token", "accessToken"] } }),
    accessToken: async (input: ExchangeCodeInput) => exchangeCode(call, input),
    refreshToken: async (input: RefreshTokenInput) => refreshToken(call, input),

    getPrivateProduct: async (input: z.input<typeof GetPrivateProductReq>): Promise<Page<Product>> =>
      call("getPrivateProduct", { body: parseInput("getPrivateProduct", GetPrivateProductReq, input), data: ProductPage }),
    getProductInfo: async (productId: string): Promise<Product> =>
      call("getProductInfo", { query: { productId: parseInput("getProductInfo", Key, productId) }, data: ProductInfoDto }),

    getCountryCode: async (): Promise<Country[]> => call("getCountryCode", { data: Countries }),
    getLogisticsSku: async (input: z.input<typeof LogisticsRequestDto>): Promise<ShippingOption[]> =>
      call("getLogisticsSku", { body: ids(parseInput("getLogisticsSku", LogisticsRequestDto, input)), data: LogisticsResult }),
    internationalLogisticsInfo: async (storeOrderId: string): Promise<InternationalShipment[]> =>
      call("internationalLogisticsInfo", {
        params: { storeOrderId: parseInput("internationalLogisticsInfo", Key, storeOrderId) },
        data: InternationalLogisticsInfo,
      }),

    /** Allowed only before purchasing starts; later the provider answers a business error (60010 in the simulator). */
    cancelOrder: async (orderId: string): Promise<void> => call("cancelOrder", { body: parseInput("cancelOrder", CancelOrderReq, { orderId }), data: Ignored }),
    /** Never retried (a write): a timeout leaves the outcome unknown; look the order up by `thirdOrderId`. */
    create: async (order: OrdersInfoDto): Promise<OrderCreateResponse> => call("create", { body: ids(parseInput("create", OrdersInfoDto, order)), data: OrderCreateResponse }),
    getCustomerInventoryInfo: async (skuIds: string[]): Promise<Inventory[]> =>
      call("getCustomerInventoryInfo", {
        body: parseInput("getCustomerInventoryInfo", GetCustomerInventoryReq, { skuIds }),
        data: InventoryRows,
      }),
    getInventoryHistoryByOrderId: async (orderId: string): Promise<InventoryMovementRecord[]> =>
      call("getInventoryHistoryByOrderId", {
        query: { orderId: parseInput("getInventoryHistoryByOrderId", Key, orderId) },
        data: InventoryHistory,
      }),
    getInventoryInfo: async (input: z.input<typeof GetInventoryInfoReq>): Promise<Page<Inventory>> =>
      call("getInventoryInfo", { body: parseInput("getInventoryInfo", GetInventoryInfoReq, input), data: InventoryPage }),
    getOrderInfos: async (input: z.input<typeof GetOrderInfosReq>): Promise<Page<Order>> =>
      call("getOrderInfos", { body: parseInput("getOrderInfos", GetOrderInfosReq, input), data: OrderPage }),
    /** Every order with this store order id in the store `storeCode` (3P), in the provider's order; several may share one. */
    getOrdersByExternalOrderId: async (input: GetOrdersByExternalOrderIdReq): Promise<Order[]> =>
      call("getOrdersByExternalOrderId", {
        body: parseInput("getOrdersByExternalOrderId", GetOrdersByExternalOrderIdReq, input),
        data: OrdersByStoreOrderId,
      }),
    /** The same lookup by path, without a store code (3P `GET orders/list/{storeOrderId}`). */
    getOrderByStoreOrderId: async (storeOrderId: string): Promise<Order[]> =>
      call("getOrderByStoreOrderId", {
        params: { storeOrderId: parseInput("getOrderByStoreOrderId", Key, storeOrderId) },
        data: OrdersByStoreOrderId,
      }),
    /** The body is a bare JSON array of order ids (3P); the answer may be one object or an array (addendum #7), always a list here. */
    getOrdersStatus: async (orderIds: string[]): Promise<OrdersStatusResDto[]> =>
      call("getOrdersStatus", { body: parseInput("getOrdersStatus", OrdersStatusDto, orderIds), data: OrderStatusInfo }),
    getStockOrderInfo: async (input: z.input<typeof GetStockOrderInfoReq>): Promise<Page<StockOrder>> =>
      call("getStockOrderInfo", { body: parseInput("getStockOrderInfo", GetStockOrderInfoReq, input), data: StockOrderPage }),
    updateOrderAddress: async (orderId: string, address: ShippingAddressDto): Promise<Address> =>
      call("updateOrderAddress", {
        body: parseInput("updateOrderAddress", UpdateOrderAddressReq, { orderId, shippingAddress: address }),
        data: OrderAddressInfo,
      }),
  };
}

export type HyperskuClient = ReturnType<typeof createHyperskuClient>;
