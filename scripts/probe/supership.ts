import { SUPERSHIP_DEMO, shippedStoreOrderIds } from "../../simulators/supership/index.js";
import { loadConfig } from "../../src/config.js";
import { redactUrl } from "../../src/domain/redact.js";
import { createTransport } from "../../src/providers/http.js";
import { createSupershipClient, type SupershipClient } from "../../src/providers/supership/client.js";
import { supershipEndpoints } from "../../src/providers/supership/endpoints.js";
import { recorder } from "./record.js";
import { exitCode, formatTable, type IssueBase, Skip } from "./report.js";
import { againstSimulators, first, type ProbeOptions, type ProbeResult, probeReads, probeTransport, runIfEntry, type Steps, startProbeSimulators } from "./run.js";

/**
 * `npm run probe:supership`: every read endpoint of SuperShip's table, once, with the
 * merchant's token (SUPERSHIP_PROBE_TOKEN). SuperShip has no order listing, so orderInfo
 * needs an order of the account: SUPERSHIP_PROBE_ORDER_CODE (or SUPERSHIP_PROBE_SOC, the
 * merchant's order number); without one it is skipped. `--against-simulators` probes the
 * in-process simulator with a demo shop. docs/providers/supership.md, "First day against the
 * real API", says what to do with the table.
 */

/** The production entry's default (src/server.ts REAL_URLS). */
export const SUPERSHIP_REAL_BASE_URL = "https://api.mysupership.vn";

/** SuperShip's issue paths already start at the body (`results.…`). */
const base: IssueBase = () => "";

type OrderRef = { code: string; by: "code" | "soc" } | undefined;

const steps = (c: SupershipClient, order: OrderRef): Steps<typeof supershipEndpoints, SupershipClient> => ({
  provinces: () => c.provinces(),
  districts: async (need) => c.districts(first(await need("provinces"), "no province").code),
  communes: async (need) => c.communes(first(await need("districts"), "no district").code),
  // Area names as the Areas API gives them (§2.3): one province and district, sender and receiver.
  price: async (need) => {
    const province = first(await need("provinces"), "no province");
    const district = first(await need("districts"), "no district");
    return c.price({
      senderProvince: province.name,
      senderDistrict: district.name,
      receiverProvince: province.name,
      receiverDistrict: district.name,
      weight: 500,
      value: 100_000,
    });
  },
  statusTable: () => c.statusTable(),
  orderInfo: async () => {
    if (!order) throw new Skip("set SUPERSHIP_PROBE_ORDER_CODE (or SUPERSHIP_PROBE_SOC) to an order of the account");
    return c.orderInfo(order.code, { by: order.by });
  },
  listWarehouses: () => c.listWarehouses(),
  getWebhook: () => c.getWebhook(),
});

function orderOf(env: Record<string, string | undefined>): OrderRef {
  if (env.SUPERSHIP_PROBE_ORDER_CODE) return { code: env.SUPERSHIP_PROBE_ORDER_CODE, by: "code" };
  return env.SUPERSHIP_PROBE_SOC ? { code: env.SUPERSHIP_PROBE_SOC, by: "soc" } : undefined;
}

export async function probeSupership({
  argv = process.argv.slice(2),
  env = process.env,
  exchange,
  write = (t) => void process.stdout.write(`${t}\n`),
}: ProbeOptions = {}): Promise<ProbeResult> {
  const config = loadConfig(env);
  const sims = againstSimulators(argv, env) ? await startProbeSimulators() : undefined;
  try {
    const shop = SUPERSHIP_DEMO.accounts[0];
    const token = sims ? shop.token : env.SUPERSHIP_PROBE_TOKEN;
    if (!token) {
      write("probe:supership: set SUPERSHIP_PROBE_TOKEN (a merchant's personal access token), or pass --against-simulators");
      return { rows: [], exitCode: 2 };
    }
    const soc = shippedStoreOrderIds(shop.shopCode)[0];
    const order: OrderRef = sims ? (soc ? { code: soc, by: "soc" } : undefined) : orderOf(env);
    const baseUrl = sims?.urls.supershipBaseUrl ?? config.SUPERSHIP_BASE_URL ?? SUPERSHIP_REAL_BASE_URL;
    const rec = recorder(createTransport({ provider: "supership", baseUrl, exchange, ...probeTransport(config) }));
    const client = createSupershipClient({ transport: rec.transport, token });
    const rows = await probeReads(supershipEndpoints, steps(client, order), { rec, route: (def) => def.route, base });
    write(
      formatTable(`SuperShip probe of ${redactUrl(baseUrl)} (${sims ? "the in-process simulator" : "SUPERSHIP_BASE_URL or the real API"}), one call per read endpoint`, rows),
    );
    return { rows, exitCode: exitCode(rows) };
  } finally {
    await sims?.close();
  }
}

runIfEntry(import.meta.url, () => probeSupership());
