import { createApp } from "./app.js";
import { type Config, ConfigError, loadConfig, loadDotEnv } from "./config.js";
import { banner, listenAndDrain, runEntry } from "./http/serve.js";
import { startTracing } from "./http/tracing.js";
import { createLogger } from "./logger.js";
import type { ProviderUrls } from "./providers/runtime.js";
import { createCipher } from "./store/crypto.js";
import { createStore } from "./store/index.js";

/**
 * The production entry (`node dist/server.js` after `npm run build`): config → app → listen,
 * drain on SIGTERM/SIGINT. It talks to the real providers (or whatever the *_BASE_URL
 * variables name) and never loads simulator code: the demo is src/demo/ (`npm start`).
 */

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
  loadDotEnv();
  // NODE_ENV=production: refuses missing settings and demo values, all named in one message.
  // ENCRYPTION_KEY in every mode, with no key file fallback: replicas must share one key, and a
  // generated one would make every stored token unreadable after a redeploy to a fresh disk.
  const config = loadConfig(process.env, { deployment: true, require: ["ENCRYPTION_KEY"] });
  const encryptionKey = config.ENCRYPTION_KEY;
  if (!encryptionKey) throw new ConfigError("ENCRYPTION_KEY is required"); // loadConfig checked it; keeps the type honest
  const logger = createLogger({ level: config.LOG_LEVEL });
  // Before the app: off unless OTEL_TRACES_EXPORTER names an exporter (docs/decisions/015-tracing.md).
  const tracing = await startTracing(config, { logger });
  // ENCRYPTION_KEY seals; ENCRYPTION_KEY_PREVIOUS only opens, while a key rotation is under way.
  const store = createStore(config, createCipher({ current: encryptionKey, previous: config.ENCRYPTION_KEY_PREVIOUS }), (message) => logger.warn(message));
  const { app, deps, stop, drain } = createApp({ config, store, encryptionKey, logger, urls: providerUrls(config) });
  const close = async () => {
    await stop();
    await store.close();
    await tracing?.shutdown(); // exports the last spans
  };
  await listenAndDrain({ fetch: app.fetch, port: config.PORT, hostname: config.HOST, logger, graceMs: config.SHUTDOWN_GRACE_MS, drain, close });
  process.stdout.write(banner(deps.publicUrl, [config.GRAPHIQL && ["GraphiQL", `${deps.publicUrl}/graphql`]]));
}

runEntry(main);
