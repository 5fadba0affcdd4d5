import { GraphQLError } from "graphql";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { UnauthenticatedError } from "../auth/errors.js";
import { createContext, type AppDeps, type Context } from "../context.js";
import { createSchema } from "../schema/index.js";
import { createMaskError } from "./mask-errors.js";

export interface YogaOptions {
  /** Shown pre-filled in GraphiQL's headers tab (demo mode prints the same key); read per page load. */
  graphiqlApiKey?: () => string | undefined;
}

export function createGraphQLServer(deps: AppDeps, { graphiqlApiKey }: YogaOptions = {}): YogaServerInstance<Record<string, unknown>, Context> {
  return createYoga<Record<string, unknown>, Context>({
    schema: createSchema(),
    graphqlEndpoint: "/graphql",
    landingPage: false,
    logging: deps.logger,
    maskedErrors: { maskError: createMaskError(deps.logger) },
    graphiql: () => {
      if (!deps.config.GRAPHIQL) return false;
      const key = graphiqlApiKey?.();
      return {
        title: "Fulfillment Graph",
        defaultQuery: "query Viewer {\n  viewer {\n    tenant { id name }\n    hypersku { state method expiresAt }\n    supership { state method }\n  }\n}\n",
        headers: key ? JSON.stringify({ Authorization: `Bearer ${key}` }, null, 2) : undefined,
      };
    },
    context: async ({ request }) => {
      try {
        return await createContext(deps, request);
      } catch (e) {
        if (e instanceof UnauthenticatedError) {
          throw new GraphQLError(e.message, { extensions: { code: e.code, http: { status: 401 } } });
        }
        throw e;
      }
    },
  });
}
