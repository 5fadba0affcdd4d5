import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { providerSettings } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { mayHaveParcels } from "../../src/domain/order-status.js";
import { redactUrl } from "../../src/domain/redact.js";
import type { Route } from "../../src/providers/call.js";
import { createTransport } from "../../src/providers/http.js";
import { createHyperskuClient, type HyperskuClient } from "../../src/providers/hypersku/client.js";
import { hyperskuEndpoints } from "../../src/providers/hypersku/endpoints.js";
import { BaseResponse } from "../../src/providers/hypersku/schemas/shared.js";
import { recorder } from "./record.js";
import { exitCode, formatTable, type IssueBase, type Row, Skip } from "./report.js";
import { againstSimulators, first, type ProbeOptions, type ProbeResult, probeReads, probeRow, probeTransport, runIfEntry, type Steps, startProbeSimulators } from "./run.js";

/**
 * `npm run probe:hypersku`: every read endpoint of HyperSKU's table, once, with the merchant's
 * real credentials (HYPERSKU_PROBE_TOKEN, or HYPERSKU_PROBE_USERNAME + HYPERSKU_PROBE_PASSWORD
 * through getToken) and the contract settings of the normal config; `--against-simulators`
 * probes the in-process simulator with a demo account instead. docs/providers/hypersku.md,
 * "First day against the real API", says what to do with the table.
 */

/** The production entry's default (src/server.ts REAL_URLS). */
export const HYPERSKU_REAL_BASE_URL = "https://api.hypersku.com";

/** Issue paths of a data schema start below the envelope's `data`; those of the envelope itself at the body. */
const base: IssueBase = (body) => (BaseResponse.safeParse(body).success ? "data" : "");

const page = { page: 1, limit: 5 };
/** The input of each read, from what earlier answers gave: real ids of the probed account, never invented. */
const steps = (c: HyperskuClient, storeCode: string | undefined): Steps<typeof hyperskuEndpoints, HyperskuClient> => ({
  getPrivateProduct: () => c.getPrivateProduct(page),
  getProductInfo: async (need) => c.getProductInfo(first((await need("getPrivateProduct")).rows, "no product on the first page").id),
  getCountryCode: () => c.getCountryCode(),
  getLogisticsSku: async (need) => {
    const countries = await need("getCountryCode");
    const country = countries.find((k) => k.countryCode === "US") ?? first(countries, "no country");
    const sku = first((await need("getProductInfo")).skus, "the product has no SKU");
    return c.getLogisticsSku({ countryCode: country.countryCode, skuItems: [{ skuId: sku.id, num: 1 }] });
  },
  internationalLogisticsInfo: async (need) => {
    const orders = (await need("getOrderInfos")).rows;
    const order = orders.find((o) => mayHaveParcels(o.statusCode)) ?? first(orders, "no order on the first page");
    return c.internationalLogisticsInfo(order.storeOrderId);
  },
  getCustomerInventoryInfo: async (need) => {
    const held = (await need("getInventoryInfo")).rows.map((r) => r.skuId);
    const skuIds = held.length > 0 ? held : (await need("getProductInfo")).skus.map((s) => s.id).slice(0, 5);
    first(skuIds, "no SKU in the inventory or the product");
    return c.getCustomerInventoryInfo(skuIds);
  },
  getInventoryHistoryByOrderId: async (need) => c.getInventoryHistoryByOrderId(first((await need("getOrderInfos")).rows, "no order on the first page").id),
  getInventoryInfo: () => c.getInventoryInfo(page),
  getOrderInfos: () => c.getOrderInfos({ page: 1, limit: 20 }),
  getOrdersByExternalOrderId: async (need) => {
    if (!storeCode) throw new Skip("HYPERSKU_STORE_CODE is not set");
    return c.getOrdersByExternalOrderId({ storeCode, storeOrderId: first((await need("getOrderInfos")).rows, "no order on the first page").storeOrderId });
  },
  getOrderByStoreOrderId: async (need) => c.getOrderByStoreOrderId(first((await need("getOrderInfos")).rows, "no order on the first page").storeOrderId),
  getOrdersStatus: async (need) => c.getOrdersStatus([first((await need("getOrderInfos")).rows, "no order on the first page").id]),
  getStockOrderInfo: () => c.getStockOrderInfo(page),
});

type Credentials = { token: string } | { username: string; password: string };

function credentials(env: Record<string, string | undefined>): Credentials | undefined {
  if (env.HYPERSKU_PROBE_TOKEN) return { token: env.HYPERSKU_PROBE_TOKEN };
  const { HYPERSKU_PROBE_USERNAME: username, HYPERSKU_PROBE_PASSWORD: password } = env;
  return username && password ? { username, password } : undefined;
}

export async function probeHypersku({
  argv = process.argv.slice(2),
  env = process.env,
  exchange,
  write = (t) => void process.stdout.write(`${t}\n`),
}: ProbeOptions = {}): Promise<ProbeResult> {
  const config = loadConfig(env);
  const sims = againstSimulators(argv, env) ? await startProbeSimulators() : undefined;
  try {
    const demo = HYPERSKU_DEMO.accounts[0];
    const creds = sims ? { username: demo.username, password: demo.password } : credentials(env);
    if (!creds) {
      write("probe:hypersku: set HYPERSKU_PROBE_TOKEN, or HYPERSKU_PROBE_USERNAME and HYPERSKU_PROBE_PASSWORD (or pass --against-simulators)");
      return { rows: [], exitCode: 2 };
    }
    const baseUrl = sims?.urls.hyperskuBaseUrl ?? config.HYPERSKU_BASE_URL ?? HYPERSKU_REAL_BASE_URL;
    const rec = recorder(createTransport({ provider: "hypersku", baseUrl, exchange, ...probeTransport(config) }));
    // HyperSKU's contract settings exactly as the app reads them from the config (src/app.ts).
    const settings = providerSettings(config).hypersku;
    const client = (token?: string) => createHyperskuClient({ transport: rec.transport, token, ...settings });
    const route = ({ route: r }: { route: Route }) => r.replace("{auth}", settings.prefixes.auth).replace("{customer}", settings.prefixes.customer);

    const rows: Row[] = [];
    let token = "token" in creds ? creds.token : undefined;
    if ("username" in creds) {
      const login = await probeRow("getToken", `${route(hyperskuEndpoints.getToken)} (login)`, rec, base, () => client().getToken(creds));
      rows.push(login.row);
      token = login.value?.accessToken;
    }
    rows.push(...(await probeReads(hyperskuEndpoints, steps(client(token), sims ? demo.storeCode : config.HYPERSKU_STORE_CODE), { rec, route, base })));
    write(
      formatTable(`HyperSKU probe of ${redactUrl(baseUrl)} (${sims ? "the in-process simulator" : "HYPERSKU_BASE_URL or the real API"}), one call per read endpoint`, rows),
    );
    return { rows, exitCode: exitCode(rows) };
  } finally {
    await sims?.close();
  }
}

runIfEntry(import.meta.url, () => probeHypersku());
