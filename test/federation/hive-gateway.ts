import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createGatewayRuntime, type GatewayPlugin } from "@graphql-hive/gateway-runtime";
import InMemoryLRUCache from "@graphql-mesh/cache-inmemory-lru";
import { composeSupergraph, type SubgraphUrls } from "./gateway.js";

/**
 * Hive Gateway (its runtime, `@graphql-hive/gateway-runtime`, what `hive-gateway` runs) serving
 * the composed supergraph on a loopback port, configured as docs/federation.md tells users:
 * the client's credential headers (and its x-request-id and traceparent) forwarded, the shared secret added for our subgraph, and the
 * response cache keyed on the caller (`session`). `session: "none"` is the naive setup (one
 * cache for everybody); `supergraph` overrides the composed SDL (to show what an unmarked
 * subgraph would get). `subgraphFetches` counts the gateway's requests to our subgraph: a
 * response served from the cache makes none.
 */

/** Every header that says who the caller is (docs/federation.md "Credentials and the shared secret"). */
export const CREDENTIAL_HEADERS = ["authorization", "x-hypersku-token", "x-supership-token"] as const;

/**
 * The request's identity for logs and traces, forwarded too (docs/federation.md "Context from the
 * router"). Hive Gateway sends the client's x-request-id on by itself; traceparent it does not.
 */
export const CONTEXT_HEADERS = ["x-request-id", "traceparent"] as const;

/** The documented `session`: the caller's credentials, so one tenant's cached answer is never another's. */
export const sessionOfCaller = (request: Request): string | null => {
  const parts = CREDENTIAL_HEADERS.map((name) => request.headers.get(name) ?? "");
  return parts.some(Boolean) ? parts.join("\n") : null;
};

export interface HiveGatewayOptions {
  secret: { header: string; value: string };
  session: "caller" | "none";
  supergraph?: string;
}

export async function startHiveGateway(urls: SubgraphUrls, { secret, session, supergraph = composeSupergraph(urls) }: HiveGatewayOptions) {
  let subgraphFetches = 0;
  const countFetches: GatewayPlugin = {
    onFetch: ({ url }) => {
      if (url.startsWith(urls.fulfillment)) subgraphFetches++;
    },
  };
  const cache = new InMemoryLRUCache();
  const gateway = createGatewayRuntime({
    supergraph,
    cache,
    logging: false,
    propagateHeaders: {
      fromClientToSubgraphs({ request, subgraphName }) {
        const headers: Record<string, string> = {};
        for (const name of [...CREDENTIAL_HEADERS, ...CONTEXT_HEADERS]) {
          const value = request.headers.get(name);
          if (value) headers[name] = value;
        }
        if (subgraphName === "fulfillment") headers[secret.header] = secret.value;
        return headers;
      },
    },
    responseCaching: { session: session === "caller" ? sessionOfCaller : () => null, ttl: 10_000 },
    plugins: () => [countFetches],
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  return {
    url,
    get subgraphFetches() {
      return subgraphFetches;
    },
    /** One operation as a client holding `apiKey` sends it to the gateway, over HTTP. */
    query: async <T>(query: string, apiKey: string, headers: Record<string, string> = {}): Promise<{ data?: T; errors?: { message: string }[] }> => {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${apiKey}`, ...headers },
        body: JSON.stringify({ query }),
      });
      return (await res.json()) as { data?: T; errors?: { message: string }[] };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.dispose();
      cache[Symbol.dispose]?.();
    },
  };
}
export type HiveGateway = Awaited<ReturnType<typeof startHiveGateway>>;
