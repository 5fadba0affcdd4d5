import { z } from "zod";
import { AccessToken, Commune, District, LoginRequest, Province, RegisteredAccount, RegisterRequest } from "./schemas/auth.js";
import { Success } from "./schemas/common.js";
import {
  CancelledOrder,
  CancelRequest,
  CreatedOrder,
  CreateOrderRequest,
  OrderInfo,
  OrderInfoQuery,
  PriceQuery,
  PriceQuote,
  PrintToken,
  PrintTokenRequest,
  StatusRow,
} from "./schemas/orders.js";
import { CreateWarehouseRequest, UpdatedWarehouse, UpdateWarehouseRequest, Warehouse, WebhookRegistration, WebhookRequest } from "./schemas/warehouses.js";

/**
 * The simulator's side of the SuperShip contract, per endpoint (names as the control counts
 * them): its route (§4; test/contract checks the mounted routes log the same), whether it
 * takes `Authorization: Bearer` (§3.3), what a request
 * may carry, from the §5 field tables, and the whole success body it
 * answers (§2.2 envelope). The routes' own checks (input.ts, order-input.ts) enforce the
 * conditional rules; these tables add the field names, so a renamed field fails the contract.
 */

const none = z.strictObject({});

export const SIM_REQUESTS = {
  register: { route: "POST /v1/partner/auth/register", auth: false, query: none, body: RegisterRequest },
  login: { route: "POST /v1/partner/auth/login", auth: false, query: none, body: LoginRequest },
  provinces: { route: "GET /v1/partner/areas/province", auth: false, query: none },
  districts: { route: "GET /v1/partner/areas/district", auth: false, query: z.strictObject({ province: z.string() }) },
  communes: { route: "GET /v1/partner/areas/commune", auth: false, query: z.strictObject({ district: z.string() }) },
  price: { route: "GET /v1/partner/orders/price", auth: true, query: PriceQuery },
  createOrder: { route: "POST /v1/partner/orders/add", auth: true, query: none, body: CreateOrderRequest },
  statusTable: { route: "GET /v1/partner/orders/status", auth: false, query: none },
  orderInfo: { route: "GET /v1/partner/orders/info", auth: true, query: OrderInfoQuery },
  printToken: { route: "POST /v1/partner/orders/token", auth: true, query: none, body: PrintTokenRequest },
  cancelOrder: { route: "POST /v1/partner/orders/cancel", auth: true, query: none, body: CancelRequest },
  listWarehouses: { route: "GET /v1/partner/warehouses", auth: true, query: none },
  createWarehouse: { route: "POST /v1/partner/warehouses/create", auth: true, query: none, body: CreateWarehouseRequest },
  updateWarehouse: { route: "POST /v1/partner/warehouses/update", auth: true, query: none, body: UpdateWarehouseRequest },
  getWebhook: { route: "GET /v1/partner/webhooks", auth: true, query: none },
  createWebhook: { route: "POST /v1/partner/webhooks/create", auth: true, query: none, body: WebhookRequest },
} as const satisfies Record<string, { route: `${"GET" | "POST"} /v1/partner/${string}`; auth: boolean; query: z.ZodType; body?: z.ZodType }>;

export type SimEndpoint = keyof typeof SIM_REQUESTS;

export const SIM_RESPONSES: Record<SimEndpoint, z.ZodType> = {
  register: Success(RegisteredAccount),
  login: Success(AccessToken),
  provinces: Success(z.array(Province)),
  districts: Success(z.array(District)),
  communes: Success(z.array(Commune)),
  price: Success(z.array(PriceQuote)),
  createOrder: Success(CreatedOrder),
  statusTable: Success(z.array(StatusRow)),
  orderInfo: Success(OrderInfo),
  printToken: Success(PrintToken),
  cancelOrder: Success(CancelledOrder),
  listWarehouses: Success(z.array(Warehouse)),
  createWarehouse: Success(Warehouse),
  updateWarehouse: Success(UpdatedWarehouse),
  // §5 E1: behaviour with none registered is not found; the simulator answers results: null.
  getWebhook: Success(WebhookRegistration.nullable()),
  createWebhook: Success(WebhookRegistration),
};
