import type { z } from "zod";
import type { LabelSize } from "../../domain/shipment.js";
import { createCaller, parseInput, type TokenSource } from "../call.js";
import type { Transport } from "../http.js";
import { DEFAULT_LABEL_BASE_URL, type SupershipEndpoint, supershipEndpoints } from "./endpoints.js";
import { toResults } from "./envelope.js";
import { areaCode, communes, districts, provinces } from "./schemas/areas.js";
import { accessToken, type LoginInput, loginInput, type RegisterInput, registeredAccount, registerInput } from "./schemas/auth.js";
import { cancelledOrder, labelSize, orderCode, orderInfo, orderInfoQuery, printToken, printTokenInput } from "./schemas/order-info.js";
import { type CreateOrderInput, createdOrder, createOrderInput, type PriceQuery, priceQuery, priceQuotes, statusTable } from "./schemas/orders.js";
import {
  type CreateWarehouseInput,
  createWarehouseInput,
  type UpdateWarehouseInput,
  updatedWarehouse,
  updateWarehouseInput,
  warehouse,
  warehouses,
} from "./schemas/warehouses.js";
import { maybeWebhookRegistration, webhookRegistration, webhookUrlInput } from "./schemas/webhooks.js";
import { parseWebhookPayload } from "./webhook.js";

export interface SupershipClientOptions {
  /** From `createTransport({ provider: "supership", baseUrl, ... })`. */
  transport: Transport;
  /** Personal access token or partner-grant token; a function is read once per call. */
  token?: TokenSource | undefined;
  /** Label print page (reference C6); `SUPERSHIP_LABEL_URL`. */
  labelBaseUrl?: string;
}

export type SupershipClient = ReturnType<typeof createSupershipClient>;

/** A typed SuperShip client: one method per endpoint of `supershipEndpoints`, bound to one token. */
export function createSupershipClient({ transport, token, labelBaseUrl = DEFAULT_LABEL_BASE_URL }: SupershipClientOptions) {
  // Without a token the call goes out bare: SuperShip answers 401, surfaced as ProviderCredentialsRejectedError.
  const caller = createCaller({
    provider: "supership",
    transport,
    endpoints: supershipEndpoints,
    token,
    authorize: (value) => ({ authorization: `Bearer ${value}` }),
    decode: (res, schema) => toResults(res, schema),
    requireToken: false,
    defaultExtra: undefined,
  });
  const call = <S extends z.ZodType>(endpoint: SupershipEndpoint, data: S, params: { query?: Record<string, string | number | undefined>; body?: unknown } = {}) =>
    caller(endpoint, { ...params, data });
  const input = <S extends z.ZodType>(endpoint: SupershipEndpoint | "labelUrl", schema: S, value: unknown): z.output<S> =>
    parseInput("supership", endpoint, endpoint === "labelUrl" ? undefined : supershipEndpoints[endpoint], schema, value);

  // Methods are async so that an invalid input rejects like every other failure, never throws.
  return {
    register: async (data: RegisterInput) => call("register", registeredAccount, { body: input("register", registerInput, data) }),
    /** Partner password grant (§3.2): a token for one merchant account. */
    login: async (data: LoginInput) => call("login", accessToken, { body: input("login", loginInput, data) }),

    provinces: async () => call("provinces", provinces),
    districts: async (provinceCode: string) => call("districts", districts, { query: { province: input("districts", areaCode, provinceCode) } }),
    communes: async (districtCode: string) => call("communes", communes, { query: { district: input("communes", areaCode, districtCode) } }),

    price: async (query: PriceQuery) => call("price", priceQuotes, { query: input("price", priceQuery, query) }),
    createOrder: async (data: CreateOrderInput) => call("createOrder", createdOrder, { body: input("createOrder", createOrderInput, data) }),
    statusTable: async () => call("statusTable", statusTable),
    orderInfo: async (code: string, { by = "code" }: { by?: "code" | "soc" } = {}) =>
      call("orderInfo", orderInfo, { query: input("orderInfo", orderInfoQuery, { code, by }) }),
    /** One token for 1..n orders (the only batch call); open `labelUrl(token, size)` to print. */
    printToken: async (codes: string[]) => call("printToken", printToken, { body: input("printToken", printTokenInput, codes) }),
    /** Pure: the browser page that renders the labels of a print token. */
    labelUrl: (printToken: string, size: LabelSize): string => {
      const url = new URL(labelBaseUrl);
      url.searchParams.set("token", input("labelUrl", orderCode, printToken));
      url.searchParams.set("size", input("labelUrl", labelSize, size));
      return url.toString();
    },
    cancelOrder: async (code: string) => call("cancelOrder", cancelledOrder, { body: { code: input("cancelOrder", orderCode, code) } }),

    listWarehouses: async () => call("listWarehouses", warehouses),
    createWarehouse: async (data: CreateWarehouseInput) => call("createWarehouse", warehouse, { body: input("createWarehouse", createWarehouseInput, data) }),
    updateWarehouse: async (data: UpdateWarehouseInput) => call("updateWarehouse", updatedWarehouse, { body: input("updateWarehouse", updateWarehouseInput, data) }),

    /** The account's callback URL, or null when none is registered. */
    getWebhook: async () => call("getWebhook", maybeWebhookRegistration),
    /** Registers or replaces the one callback URL; applies to orders created afterwards (§5 E2). */
    createWebhook: async (url: string) => call("createWebhook", webhookRegistration, { body: input("createWebhook", webhookUrlInput, url) }),

    parseWebhookPayload,
  };
}
