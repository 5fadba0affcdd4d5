import type { z } from "zod";
import type { LabelSize } from "../../domain/shipment.js";
import { createCaller, parseInput, type TokenSource } from "../call.js";
import type { Transport } from "../http.js";
import { DEFAULT_LABEL_BASE_URL, type SupershipEndpoint, supershipEndpoints } from "./endpoints.js";
import { toResults } from "./envelope.js";
import { AreaCode, Communes, Districts, Provinces } from "./schemas/areas.js";
import { AccessToken, LoginInput, RegisteredAccount, RegisterInput } from "./schemas/auth.js";
import { CancelledOrder, LabelSizeInput, OrderCode, OrderInfo, OrderInfoQuery, PrintToken, PrintTokenInput } from "./schemas/order-info.js";
import { CreatedOrder, CreateOrderInput, PriceQuery, PriceQuotes, StatusTable } from "./schemas/orders.js";
import { CreateWarehouseInput, UpdatedWarehouse, UpdateWarehouseInput, Warehouse, Warehouses } from "./schemas/warehouses.js";
import { MaybeWebhookRegistration, WebhookRegistration, WebhookUrlInput } from "./schemas/webhooks.js";
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
    register: async (data: RegisterInput) => call("register", RegisteredAccount, { body: input("register", RegisterInput, data) }),
    /** Partner password grant (§3.2): a token for one merchant account. */
    login: async (data: LoginInput) => call("login", AccessToken, { body: input("login", LoginInput, data) }),

    provinces: async () => call("provinces", Provinces),
    districts: async (provinceCode: string) => call("districts", Districts, { query: { province: input("districts", AreaCode, provinceCode) } }),
    communes: async (districtCode: string) => call("communes", Communes, { query: { district: input("communes", AreaCode, districtCode) } }),

    price: async (query: PriceQuery) => call("price", PriceQuotes, { query: input("price", PriceQuery, query) }),
    createOrder: async (data: CreateOrderInput) => call("createOrder", CreatedOrder, { body: input("createOrder", CreateOrderInput, data) }),
    statusTable: async () => call("statusTable", StatusTable),
    orderInfo: async (code: string, { by = "code" }: { by?: "code" | "soc" } = {}) =>
      call("orderInfo", OrderInfo, { query: input("orderInfo", OrderInfoQuery, { code, by }) }),
    /** One token for 1..n orders (the only batch call); open `labelUrl(token, size)` to print. */
    printToken: async (codes: string[]) => call("printToken", PrintToken, { body: input("printToken", PrintTokenInput, codes) }),
    /** Pure: the browser page that renders the labels of a print token. */
    labelUrl: (printToken: string, size: LabelSize): string => {
      const url = new URL(labelBaseUrl);
      url.searchParams.set("token", input("labelUrl", OrderCode, printToken));
      url.searchParams.set("size", input("labelUrl", LabelSizeInput, size));
      return url.toString();
    },
    cancelOrder: async (code: string) => call("cancelOrder", CancelledOrder, { body: { code: input("cancelOrder", OrderCode, code) } }),

    listWarehouses: async () => call("listWarehouses", Warehouses),
    createWarehouse: async (data: CreateWarehouseInput) => call("createWarehouse", Warehouse, { body: input("createWarehouse", CreateWarehouseInput, data) }),
    updateWarehouse: async (data: UpdateWarehouseInput) => call("updateWarehouse", UpdatedWarehouse, { body: input("updateWarehouse", UpdateWarehouseInput, data) }),

    /** The account's callback URL, or null when none is registered. */
    getWebhook: async () => call("getWebhook", MaybeWebhookRegistration),
    /** Registers or replaces the one callback URL; applies to orders created afterwards (§5 E2). */
    createWebhook: async (url: string) => call("createWebhook", WebhookRegistration, { body: input("createWebhook", WebhookUrlInput, url) }),

    parseWebhookPayload,
  };
}
