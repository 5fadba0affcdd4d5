import { authenticate } from "../auth/viewer.js";
import { type AppDeps, type Context, contextFor } from "../resolvers/context.js";
import { acceptRequestId, BUDGET_HEADER, bindToScope, requestDeadline, scopeOf } from "./request-scope.js";

/**
 * One context per request: the caller, provider clients bound to their credentials, to the
 * request id (sent to the providers as `x-request-id`), to the tenant (its lane in the providers'
 * queues) and to the request's deadline (its time budget from arrival, maybe lowered by
 * `x-request-budget-ms`: every provider call is bounded by it), and the request's logger.
 */
export async function createContext(app: AppDeps, request: Request): Promise<Context> {
  const scope = scopeOf(request);
  const requestId = scope?.requestId ?? acceptRequestId(request.headers.get("x-request-id"));
  // Set first, in the scope, so the calls authentication may make (a token refresh) are bounded too.
  const deadline = requestDeadline(scope?.startedAt ?? performance.now(), app.config.GRAPHQL_REQUEST_BUDGET_MS, request.headers.get(BUDGET_HEADER));
  if (scope) scope.deadline ??= deadline;
  const viewer = await authenticate(request.headers, {
    store: app.store,
    tokens: app.tokens,
    allowPassthrough: app.config.ALLOW_PASSTHROUGH_TOKENS,
  });
  if (viewer.tenant) bindToScope(scope, { tenantId: viewer.tenant.id });
  const bound = { requestId, tenantId: viewer.tenant?.id, deadline: scope?.deadline ?? deadline };
  return contextFor(app, viewer, bound, scope?.log ?? app.logger.child({ requestId }));
}
