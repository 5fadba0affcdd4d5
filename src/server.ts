import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { ensureDemoTenant, startSimulators } from "./demo.js";
import { createLogger } from "./logger.js";
import type { ProviderUrls } from "./providers/runtime.js";
import { createCipher, loadOrCreateKeyFile } from "./store/crypto.js";
import { createStore } from "./store/index.js";

/** Entry point (`npm start`): load config, wire the app, listen, drain on SIGTERM/SIGINT. */

const REAL_URLS: ProviderUrls = {
  hyperskuBaseUrl: "https://api.hypersku.com",
  hyperskuAuthorizeUrl: "https://app.hypersku.com/application/auth",
  supershipBaseUrl: "https://api.mysupership.vn",
  supershipLabelUrl: "https://khachhang.supership.vn/orders/awb",
};

function providerUrls(config: Config): ProviderUrls {
  return {
    hyperskuBaseUrl: config.HYPERSKU_BASE_URL ?? REAL_URLS.hyperskuBaseUrl,
    hyperskuAuthorizeUrl: config.HYPERSKU_AUTHORIZE_URL ?? REAL_URLS.hyperskuAuthorizeUrl,
    supershipBaseUrl: config.SUPERSHIP_BASE_URL ?? REAL_URLS.supershipBaseUrl,
    supershipLabelUrl: config.SUPERSHIP_LABEL_URL ?? REAL_URLS.supershipLabelUrl,
  };
}

async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  if (!config.ENCRYPTION_KEY && !config.DEMO_MODE) throw new ConfigError("ENCRYPTION_KEY is required when DEMO_MODE=false");
  const encryptionKey = config.ENCRYPTION_KEY ?? loadOrCreateKeyFile(config.DATA_DIR);
  const store = createStore(config, createCipher(encryptionKey));
  const sims = config.DEMO_MODE ? await startSimulators(config) : null;
  let demoKey: string | undefined;
  const { app, deps } = createApp({ config, store, encryptionKey, logger, urls: sims?.urls ?? providerUrls(config), graphiqlApiKey: () => demoKey });
  if (sims) demoKey = await ensureDemoTenant(deps);

  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const lines = [`Fulfillment Graph listening on ${deps.publicUrl}`, `  GraphiQL:            ${deps.publicUrl}/graphql`];
    if (sims && demoKey) {
      lines.push(
        `  Demo API key:        ${demoKey}`,
        `                       (send as "Authorization: Bearer <key>"; pre-filled in GraphiQL)`,
        `  HyperSKU simulator:  ${sims.hypersku.url}   (control: ${sims.hypersku.url}/__sim/counters)`,
        `  SuperShip simulator: ${sims.supership.url}   (control: ${sims.supership.url}/__sim/counters)`,
      );
    }
    process.stdout.write(lines.join("\n") + "\n");
    logger.debug({ port: info.port }, "listening");
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "draining in-flight requests");
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    server.close(async () => {
      await sims?.close();
      await store.close();
      clearTimeout(force);
      process.exit(0);
    });
    if ("closeIdleConnections" in server) server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
