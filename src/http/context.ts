import { bindClient } from "../auth/bind.js";
import { authenticate } from "../auth/viewer.js";
import type { AppDeps, Context } from "../resolvers/context.js";
import { acceptRequestId, bindToScope, currentScope } from "./request-scope.js";

/**
 * One context per request: the caller, provider clients bound to their credentials, to the
 * request id (sent to the providers as `x-request-id`) and to the tenant (its lane in the
 * providers' queues), and the request's logger.
 */
export async function createContext(app: AppDeps, request: Request): Promise<Context> {
  const scope = currentScope();
  const requestId = scope?.requestId ?? acceptRequestId(request.headers.get("x-request-id"));
  const viewer = await authenticate(request.headers, {
    store: app.store,
    tokens: app.tokens,
    allowPassthrough: app.config.ALLOW_PASSTHROUGH_TOKENS,
  });
  if (viewer.tenant) bindToScope(scope, { tenantId: viewer.tenant.id });
  const bound = { requestId, tenantId: viewer.tenant?.id };
  return {
    app,
    viewer,
    hypersku: bindClient("hypersku", viewer, (token) => app.providers.hypersku(token, bound)),
    supership: bindClient("supership", viewer, (token) => app.providers.supership(token, bound)),
    requestId,
    log: scope?.log ?? app.logger.child({ requestId }),
  };
}
