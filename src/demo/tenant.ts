import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import { generateApiKey, parseApiKey, verifyApiKey } from "../auth/api-keys.js";
import { toConnection } from "../auth/token-manager.js";
import type { AppDeps } from "../resolvers/context.js";
import { registerTenantWebhook } from "../resolvers/supership-webhook.js";
import { ensurePrivateDir } from "../store/data-dir.js";

/**
 * The demo tenant, connected to the first demo account of each simulator, so `npm start` on
 * a fresh clone shows a working graph. Its API key is kept in the data directory (mode 0600)
 * so it stays the same across restarts.
 */

/** The demo tenant's API key, creating the tenant on first start; its connections are renewed on every start. */
export async function ensureDemoTenant(deps: AppDeps): Promise<string> {
  const keyFile = join(deps.config.DATA_DIR, "demo-api-key");
  let key = existsSync(keyFile) ? readFileSync(keyFile, "utf8").trim() : "";
  const parsed = parseApiKey(key);
  const record = parsed ? await deps.store.getApiKey(parsed.keyId) : null;
  let tenantId = record && record.revokedAt === null && verifyApiKey(key, record.hash) ? record.tenantId : null;
  if (!tenantId) {
    const tenant = await deps.store.createTenant("Demo Merchant");
    const generated = generateApiKey();
    await deps.store.putApiKey({ keyId: generated.keyId, tenantId: tenant.id, hash: generated.hash });
    ensurePrivateDir(deps.config.DATA_DIR);
    writeFileSync(keyFile, `${generated.key}\n`, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    key = generated.key;
    tenantId = tenant.id;
  }
  await connectDemoProviders(deps, tenantId);
  // So SuperShip's pushes flow in the demo: the simulator posts to <publicUrl>/webhooks/supership/<token>.
  await registerTenantWebhook(deps, tenantId, deps.providers.supership(SUPERSHIP_DEMO.accounts[0].token));
  return key;
}

/** Simulator state lives in memory, so yesterday's tokens are gone: connect afresh. */
async function connectDemoProviders(deps: AppDeps, tenantId: string) {
  const [merchant] = HYPERSKU_DEMO.accounts;
  const [shop] = SUPERSHIP_DEMO.accounts;
  const login = { username: merchant.username, password: merchant.password };
  const t = await deps.providers.hypersku().getToken(login);
  const base = { tenantId, scope: null, accountId: null };
  const at = deps.now();
  await deps.store.putConnection(
    toConnection(
      { ...base, provider: "hypersku", method: "password", accountId: merchant.accountId, secrets: login },
      { accessToken: t.accessToken, refreshToken: null, expiresInSec: t.expiresIn, refreshExpiresInSec: null },
      at,
    ),
  );
  await deps.store.putConnection(
    toConnection(
      { ...base, provider: "supership", method: "personal_token", accountId: shop.shopCode, secrets: null },
      { accessToken: shop.token, refreshToken: null, expiresInSec: null, refreshExpiresInSec: null },
      at,
    ),
  );
}
