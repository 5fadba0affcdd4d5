import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { createApp } from "../app.js";
import { isDemoMode, loadDotEnv } from "../config.js";
import { banner, listenAndDrain, runEntry } from "../http/serve.js";
import { startTracing } from "../http/tracing.js";
import { createLogger } from "../logger.js";
import { createCipher, loadOrCreateKeyFile } from "../store/crypto.js";
import { createStore } from "../store/index.js";
import { loadDemoConfig } from "./config.js";
import { startSimulators } from "./simulators.js";
import { ensureDemoTenant } from "./tenant.js";

/**
 * The demo entry (`npm start`): both provider simulators in this process, a demo tenant
 * connected to them, the API on top, GraphiQL pre-filled with the demo key. No configuration
 * needed: the encryption key is a key file in DATA_DIR. Outside demo mode (DEMO_MODE=false, or
 * NODE_ENV=production whatever DEMO_MODE says) it runs the production entry instead (what
 * `node dist/server.js` runs, from source, with its production checks): no simulator starts.
 */

async function main() {
  loadDotEnv();
  // The demo tenant is HyperSKU demo merchant 1: its store code makes order(storeOrderId:) take the
  // evidenced getOrdersByExternalOrderId path, as a configured deployment does.
  const config = loadDemoConfig({ HYPERSKU_STORE_CODE: HYPERSKU_DEMO.accounts[0].storeCode, ...process.env });
  if (!isDemoMode(config)) {
    await import("../server.js");
    return;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  // Before the app: off unless OTEL_TRACES_EXPORTER names an exporter (docs/decisions/015-tracing.md).
  const tracing = await startTracing(config, { logger });
  const warn = (message: string) => logger.warn(message);
  const encryptionKey = config.ENCRYPTION_KEY ?? loadOrCreateKeyFile(config.DATA_DIR, warn);
  const store = createStore(config, createCipher({ current: encryptionKey, previous: config.ENCRYPTION_KEY_PREVIOUS }), warn);
  const sims = await startSimulators(config);
  // GraphiQL reads the key per page view: it exists once the tenant is ensured, just below.
  let demoKey: string | undefined;
  const { app, deps, stop, drain } = createApp({ config, store, encryptionKey, logger, urls: sims.urls, graphiqlApiKey: () => demoKey });
  demoKey = await ensureDemoTenant(deps);
  const close = async () => {
    await stop();
    await sims.close();
    await store.close();
    await tracing?.shutdown(); // exports the last spans
  };
  await listenAndDrain({ fetch: app.fetch, port: config.PORT, hostname: config.HOST, logger, graceMs: config.SHUTDOWN_GRACE_MS, drain, close });
  process.stdout.write(
    banner(deps.publicUrl, [
      config.GRAPHIQL && ["GraphiQL", `${deps.publicUrl}/graphql`],
      ["Demo API key", demoKey],
      ["", `(send as "Authorization: Bearer <key>"${config.GRAPHIQL ? "; pre-filled in GraphiQL" : ""})`],
      ["HyperSKU simulator", `${sims.hypersku.url}   (control: ${sims.hypersku.url}/__sim/counters)`],
      ["SuperShip simulator", `${sims.supership.url}   (control: ${sims.supership.url}/__sim/counters)`],
    ]),
  );
}

runEntry(main);
