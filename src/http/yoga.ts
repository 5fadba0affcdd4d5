import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga";
import { UnauthenticatedError } from "../domain/errors.js";
import type { AppDeps, Context } from "../resolvers/context.js";
import { createSchema } from "../schema/index.js";
import { type Admission, useAdmission } from "./admission.js";
import { useArmor } from "./armor.js";
import { useCompiledQueries } from "./compiled-queries.js";
import { createContext } from "./context.js";
import { useDisableIntrospection } from "./disable-introspection.js";
import { graphiqlOptions, readDashboardQuery } from "./graphiql.js";
import { useInputLimits } from "./input-limits.js";
import { createErrorMasking } from "./mask-errors.js";
import { useRequestScope } from "./observe.js";
import { type PersistedDocumentsMode, usePersistedDocuments } from "./persisted-documents.js";
import { useRequestErrors } from "./request-errors.js";
import { useUnreadStreams } from "./unread-streams.js";

export interface YogaOptions {
  /** Shown pre-filled in GraphiQL's headers tab (demo mode prints the same key); read per page load. */
  graphiqlApiKey?: () => string | undefined;
  /** The public schema (default), or the federation schema that src/http/subgraph.ts serves with this same setup. */
  schema?: GraphQLSchema;
  /** Path Yoga answers on; must be where the app mounts it. */
  endpoint?: string;
  /** Serve GraphiQL on GET; defaults to config.GRAPHIQL. */
  graphiql?: boolean;
  /** The process's tenant-fair admission, shared by /graphql and the subgraph; none: every operation runs at once. */
  admission?: Admission | undefined;
  /** Trusted documents (src/http/persisted-documents.ts): /graphql passes config.PERSISTED_DOCUMENTS; the subgraph none. */
  persistedDocuments?: PersistedDocumentsMode;
  /** Yoga's HTTP batching (a JSON array of operations in one POST), at most `limit` operations; off by default. */
  batching?: { limit: number } | undefined;
  /** Called with each operation's context once built, and the server context `yoga.fetch` was given (the subgraph's loader groups). */
  joinContext?: ((context: Context, server: Record<string, unknown>) => void) | undefined;
  /** Plugins after every other, the admission's included (the subgraph's request groups). */
  extraPlugins?: Plugin[] | undefined;
}

/**
 * The GraphQL server on /graphql. Hardening (docs/decisions/006-hardening.md): CSRF prevention
 * refuses browser "simple" requests (a GET or form POST without `x-graphql-yoga-csrf`), which
 * CORS preflight would never see; graphql-armor limits every document before it executes, and
 * the input limits (src/http/input-limits.ts) its argument values once the variables are known;
 * introspection and GraphiQL follow config. CORS and the body size limit are Hono middleware
 * in front of this server (src/http/cors.ts, src/http/body-limit.ts).
 */
export function createGraphQLServer(
  deps: AppDeps,
  {
    graphiqlApiKey,
    schema = createSchema(),
    endpoint = "/graphql",
    graphiql = deps.config.GRAPHIQL,
    admission,
    persistedDocuments = "off",
    batching,
    joinContext,
    extraPlugins = [],
  }: YogaOptions = {},
): YogaServerInstance<Record<string, unknown>, Context> {
  const { config } = deps;
  const dashboardQuery = graphiql ? readDashboardQuery() : "";
  const masking = createErrorMasking(deps.logger, config.GRAPHQL_REQUEST_BUDGET_MS + 1_000);
  const plugins: Plugin[] = [
    // First: a documentId becomes its document's text before anything reads the params.
    ...(persistedDocuments === "off" ? [] : [usePersistedDocuments(persistedDocuments)]),
    useCSRFPrevention(),
    // The masked errors' lines, through the request's logger.
    masking.useErrorLines(),
    useRequestErrors(),
    useArmor({ ...config, blockFieldSuggestions: config.NODE_ENV === "production" || !config.GRAPHQL_INTROSPECTION }),
    useUnreadStreams(),
  ];
  if (!config.GRAPHQL_INTROSPECTION) plugins.push(useDisableIntrospection());
  // Observability (docs/decisions/014-observability.md): the request scope's operation name and outcome.
  plugins.push(useRequestScope());
  // After the request scope, so its outcome sees a refusal: list, string and cost limits with the variables known.
  plugins.push(useInputLimits(config));
  // Last: an operation waits for its tenant's turn only once everything that may refuse it has.
  if (admission) plugins.push(useAdmission(admission));
  plugins.push(...extraPlugins);
  // Last, so it sees only what will execute: queries as compiled code.
  plugins.push(useCompiledQueries({ compile: config.GRAPHQL_COMPILE_QUERIES, onExecute: (engine) => deps.observe?.execution(engine) }));

  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: endpoint,
    ...(persistedDocuments === "off" ? {} : { extraParamNames: ["documentId"] }),
    landingPage: false,
    cors: false,
    ...(batching ? { batching } : {}),
    plugins,
    logging: masking.logging,
    maskedErrors: { maskError: masking.maskError },
    // GraphiQL from the package, its scripts, styles and fonts inlined, not Yoga's page off a CDN
    // (docs/decisions/013-graphiql-offline.md). Imported on the first page view: it is 9 MB.
    renderGraphiQL: async (options) => (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(options),
    graphiql: () => graphiql && graphiqlOptions(dashboardQuery, config.NODE_ENV === "production" ? undefined : graphiqlApiKey?.()),
    context: async (initial) => {
      try {
        const context = await createContext(deps, initial.request);
        joinContext?.(context, initial);
        return context;
      } catch (e) {
        if (e instanceof UnauthenticatedError) {
          throw new GraphQLError(e.message, { extensions: { code: e.code, http: { status: 401, headers: { "WWW-Authenticate": "Bearer" } } } });
        }
        throw e;
      }
    },
  });
}
