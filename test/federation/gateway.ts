import { composeServices } from "@apollo/composition";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { printSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { createSubgraphSchema } from "../../src/schema/index.js";
import { STOREFRONT_SDL } from "./storefront.js";

/**
 * A real supergraph in-process: our subgraph SDL composed with the storefront fixture
 * (`@apollo/composition`), run by `@apollo/gateway` behind `@apollo/server`. Subgraph fetches
 * go over real HTTP; the gateway adds the shared secret for our subgraph and forwards each
 * client's `authorization` to both subgraphs, as docs/federation.md tells a router to.
 */

export const FULFILLMENT_SDL = printSubgraphSchema(createSubgraphSchema());

export interface SubgraphUrls {
  fulfillment: string;
  storefront: string;
}

export function composeSupergraph(urls: SubgraphUrls, fulfillmentSdl: string = FULFILLMENT_SDL): string {
  const result = composeServices([
    { name: "fulfillment", url: urls.fulfillment, typeDefs: parse(fulfillmentSdl) },
    { name: "storefront", url: urls.storefront, typeDefs: parse(STOREFRONT_SDL) },
  ]);
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join("\n")}`);
  return result.supergraphSdl;
}

/** What the gateway keeps of the client's request: the headers it forwards. */
export interface GatewayContext {
  authorization?: string;
  /** The client's `x-request-id`, forwarded to our subgraph (docs/federation.md "Apollo Gateway"). */
  requestId?: string;
}

export async function startGateway(urls: SubgraphUrls, secret: { header: string; value: string }) {
  const gateway = new ApolloGateway({
    supergraphSdl: composeSupergraph(urls),
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url,
        willSendRequest: ({ request, context }) => {
          if (context.authorization) request.http?.headers.set("authorization", context.authorization);
          if (name === "fulfillment") request.http?.headers.set(secret.header, secret.value);
          if (name === "fulfillment" && context.requestId) request.http?.headers.set("x-request-id", context.requestId);
        },
      }),
  });
  const server = new ApolloServer<GatewayContext>({ gateway });
  await server.start();

  return {
    /** One operation as a client holding `apiKey` would send it to the router. */
    query: async <T>(
      query: string,
      apiKey: string,
      { requestId }: { requestId?: string } = {},
    ): Promise<{ data?: T; errors?: readonly { message: string; path?: readonly (string | number)[] }[] }> => {
      const res = await server.executeOperation({ query }, { contextValue: { authorization: `Bearer ${apiKey}`, ...(requestId ? { requestId } : {}) } });
      if (res.body.kind !== "single") throw new Error("expected a single result");
      return res.body.singleResult as { data?: T; errors?: { message: string }[] };
    },
    close: () => server.stop(),
  };
}
export type Gateway = Awaited<ReturnType<typeof startGateway>>;
