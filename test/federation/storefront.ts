import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { createYoga } from "graphql-yoga";

/**
 * The second subgraph of the federation tests: a storefront back office
 * (test/fixtures/federation/storefront.graphql) built with `@apollo/subgraph` and served by
 * Yoga on a loopback port. It knows the merchant by the `authorization` header the gateway
 * forwards, features ids the test gives it, and adds its own notes to orders, products and SKUs.
 */

export const STOREFRONT_SDL = readFileSync(new URL("../fixtures/federation/storefront.graphql", import.meta.url), "utf8");

export interface SkuKey {
  skuId: string;
  productId: string;
}

export interface Featured {
  orderIds: string[];
  productIds: string[];
  skus: SkuKey[];
}

interface StorefrontContext {
  request: Request;
}

export async function startStorefront() {
  const featured = new Map<string, Featured>();
  const none: Featured = { orderIds: [], productIds: [], skus: [] };
  // @apollo/subgraph types a resolver's context as unknown; Yoga's always carries the request.
  const forCaller = (ctx: unknown) => featured.get((ctx as StorefrontContext).request.headers.get("authorization") ?? "") ?? none;
  /** Every authorization header the storefront saw, in order: proves the gateway forwarded each caller's own. */
  const seen: string[] = [];

  const schema = buildSubgraphSchema({
    typeDefs: parse(STOREFRONT_SDL),
    resolvers: {
      Query: {
        featuredOrders: (_: unknown, { skip = 0, first }: { skip?: number; first?: number | null }, ctx: unknown) =>
          forCaller(ctx)
            .orderIds.slice(skip, first == null ? undefined : skip + first)
            .map((orderId) => ({ orderId })),
        featuredProducts: (_: unknown, __: unknown, ctx: unknown) => forCaller(ctx).productIds.map((productId) => ({ productId })),
        featuredSkus: (_: unknown, __: unknown, ctx: unknown) => forCaller(ctx).skus.map((s) => ({ skuId: s.skuId, product: { productId: s.productId } })),
      },
      Order: {
        __resolveReference: (ref: { orderId: string }) => ref,
        storefrontNote: (o: { orderId: string }) => `note on order ${o.orderId}`,
      },
      Product: {
        __resolveReference: (ref: { productId: string }) => ref,
        storefrontNote: (p: { productId: string }) => `note on product ${p.productId}`,
      },
      Sku: {
        __resolveReference: (ref: { skuId: string; product: { productId: string } }) => ref,
        storefrontBadge: (s: { skuId: string }) => `badge ${s.skuId}`,
      },
    },
  });
  const yoga = createYoga<StorefrontContext>({
    schema,
    graphiql: false,
    landingPage: false,
    plugins: [{ onRequest: ({ request }) => void seen.push(request.headers.get("authorization") ?? "") }],
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    seen,
    /** What the storefront features for a caller, by the exact authorization header value. */
    feature: (authorization: string, what: Partial<Featured>) => void featured.set(authorization, { ...none, ...what }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type Storefront = Awaited<ReturnType<typeof startStorefront>>;
