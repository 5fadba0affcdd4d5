import { createHash, timingSafeEqual } from "node:crypto";
import { Hono, type Context as HonoContext, type MiddlewareHandler } from "hono";
import type { AppDeps } from "../resolvers/context.js";
import { createSubgraphSchema } from "../schema/index.js";
import type { Admission } from "./admission.js";
import { graphqlBodyLimit } from "./body-limit.js";
import type { RateLimits } from "./rate-limit.js";
import { createRequestGroups, type Membership } from "./request-groups.js";
import { logOf } from "./request-scope.js";
import { createGraphQLServer } from "./yoga.js";

/**
 * The Federation v2 subgraph on SUBGRAPH_PATH (docs/federation.md). The same Yoga setup as
 * /graphql (src/http/yoga.ts: a context per request bound to the caller's credentials, which
 * the router forwards; error masking; armor and the input limits; CSRF prevention;
 * introspection per config), on the federation schema, GraphiQL off, behind the same body size
 * limit. No CORS: routers call it server to server, never browsers. It takes batched POSTs (a
 * JSON array, at most SUBGRAPH_BATCH_LIMIT operations), and the fetches of one router request
 * share their loaders (src/http/request-groups.ts, docs/decisions/031-subgraph-batching.md).
 *
 * Only a router holding SUBGRAPH_SECRET may call it: `_entities` answers any key it is given,
 * and the router is where the supergraph's own policies run. A request without the header is
 * a 401, a wrong one a 403, both before any context is built (so no provider or store call).
 * With SUBGRAPH_SECRET unset nothing is mounted: the path answers 404.
 */
export function subgraphRoutes(deps: AppDeps, { admission, limits }: { admission?: Admission | undefined; limits?: RateLimits | undefined } = {}): Hono {
  const app = new Hono();
  const { SUBGRAPH_SECRET: secret, SUBGRAPH_SECRET_HEADER: header, SUBGRAPH_PATH: path } = deps.config;
  if (!secret) return app;

  // The requests of one router request share their loaders (src/http/request-groups.ts), and one
  // POST may carry several operations (HTTP batching): both batch a plan's entity fetches.
  const groups = createRequestGroups({ windowMs: deps.config.SUBGRAPH_BATCH_WINDOW_MS, maxWaitMs: deps.config.SUBGRAPH_BATCH_MAX_WAIT_MS });
  const yoga = createGraphQLServer(deps, {
    schema: createSubgraphSchema({ typePrefix: deps.config.SUBGRAPH_TYPE_PREFIX }),
    endpoint: path,
    graphiql: false,
    admission: admission && groups.admission(admission),
    batching: deps.config.SUBGRAPH_BATCH_LIMIT > 1 ? { limit: deps.config.SUBGRAPH_BATCH_LIMIT } : undefined,
    joinContext: (context, server) => (server as { membership?: Membership }).membership?.attach(context),
    extraPlugins: [groups.plugin()],
  });
  const execute = async (request: Request): Promise<Response> => {
    const membership = groups.open(request);
    try {
      // Lets the requests that arrived with this one (the same poll of the sockets) join their groups
      // before it runs, so its batches know they are coming.
      await new Promise((resolve) => setImmediate(resolve));
      return await groups.run(membership, () => yoga.fetch(request, { membership }));
    } finally {
      membership.leave();
    }
  };
  const matches = secretMatcher(secret);
  const checkSecret: MiddlewareHandler = async (c, next) => {
    const given = c.req.header(header);
    if (given === undefined || given === "") return refuse(c, 401, "UNAUTHENTICATED", `this endpoint needs the ${header} header`);
    if (!matches(given)) {
      logOf(c.req.raw, deps.logger).warn({ path }, "subgraph request with a wrong shared secret");
      return refuse(c, 403, "FORBIDDEN", `wrong ${header}`);
    }
    await next();
  };
  // The abuse limits before it (docs/decisions/023-abuse-limits.md): a wrong secret or forwarded key
  // counts as refused; the router itself (right secret) is not counted per address, since it speaks
  // for every client of the supergraph.
  if (limits) {
    const guard = limits.guard({
      carriesCredential: (c) => c.req.header(header) !== undefined || c.req.header("authorization") !== undefined,
      exemptFromAddressLimit: (c) => matches(c.req.header(header) ?? ""),
    });
    app.use(path, ...guard);
  }
  // The secret first: a caller without it gets its 401/403 before any of its body is read.
  app.post(path, checkSecret, graphqlBodyLimit(deps.config.GRAPHQL_MAX_BODY_BYTES), (c) => execute(c.req.raw));
  // Routers only POST; any other method is refused as /graphql refuses one, a JSON 405 with a code.
  app.on(["GET", "PUT", "PATCH", "DELETE"], path, checkSecret, (c) =>
    c.json({ errors: [{ message: "The subgraph answers POST requests only.", extensions: { code: "METHOD_NOT_ALLOWED" } }] }, 405, { Allow: "POST" }),
  );
  return app;
}

/** Compares SHA-256 digests, so the comparison takes the same time whatever the input's length or content. */
function secretMatcher(secret: string): (given: string) => boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  const expected = digest(secret);
  return (given) => timingSafeEqual(digest(given), expected);
}

/** A GraphQL-over-HTTP shaped refusal, so a router shows the reason in its subgraph error. */
function refuse(c: HonoContext, status: 401 | 403, code: string, message: string): Response {
  return c.json({ errors: [{ message, extensions: { code } }] }, status);
}
