import { randomUUID } from "node:crypto";
import { bindClient } from "../auth/bind.js";
import { authenticate } from "../auth/viewer.js";
import type { AppDeps, Context } from "../resolvers/context.js";

/** One context per request: the caller, and provider clients bound to their credentials. */
export async function createContext(app: AppDeps, request: Request): Promise<Context> {
  const viewer = await authenticate(request.headers, {
    store: app.store,
    tokens: app.tokens,
    allowPassthrough: app.config.ALLOW_PASSTHROUGH_TOKENS,
  });
  return {
    app,
    viewer,
    hypersku: bindClient("hypersku", viewer, (token) => app.providers.hypersku(token)),
    supership: bindClient("supership", viewer, (token) => app.providers.supership(token)),
    requestId: request.headers.get("x-request-id") ?? randomUUID(),
  };
}
