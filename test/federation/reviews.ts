import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { parse } from "graphql";
import { createYoga } from "graphql-yoga";

/**
 * The conventional peer of the federation tests (test/fixtures/federation/reviews.graphql), built
 * with `@apollo/subgraph` and served by Yoga on a loopback port: one review per product id it is
 * given, Relay ids, and the supergraph's `Query.node`. For an id of a Node type it declares as a
 * stub of another subgraph it answers `{ __typename, id }`, as a supergraph's node owner does;
 * our ids are Relay global ids (`base64("Order:<key>")`), so the type is in the id.
 */

export const REVIEWS_SDL = readFileSync(new URL("../fixtures/federation/reviews.graphql", import.meta.url), "utf8");

/** Node types of other subgraphs this peer declares as `@key(fields: "id", resolvable: false)` stubs. */
const STUBS = new Set(["Order"]);

interface Review {
  id: string;
  body: string;
  paid: { amount: string; currency: string };
  product: { productId: string };
}

export async function startReviews(productIds: string[]) {
  const reviews: Review[] = productIds.map((productId, i) => ({
    id: encodeGlobalID("Review", String(i + 1)),
    body: `review ${i + 1} of ${productId}`,
    paid: { amount: `${10 + i}.00`, currency: "USD" },
    product: { productId },
  }));
  /** Every `node` id it was asked to resolve: shows the router sent `node` here. */
  const nodeCalls: string[] = [];
  const node = (id: string) => {
    nodeCalls.push(id);
    const review = reviews.find((r) => r.id === id);
    if (review) return { __typename: "Review", ...review };
    try {
      const { typename } = decodeGlobalID(id);
      return STUBS.has(typename) ? { __typename: typename, id } : null;
    } catch {
      return null;
    }
  };

  const schema = buildSubgraphSchema({
    typeDefs: parse(REVIEWS_SDL),
    resolvers: {
      Query: {
        node: (_: unknown, { id }: { id: string }) => node(id),
        nodes: (_: unknown, { ids }: { ids: string[] }) => ids.map(node),
        reviews: (_: unknown, { first }: { first?: number }) => {
          const page = reviews.slice(0, first ?? reviews.length);
          return {
            edges: page.map((r) => ({ cursor: r.id, node: r })),
            pageInfo: { hasNextPage: page.length < reviews.length, hasPreviousPage: false, startCursor: page[0]?.id ?? null, endCursor: page.at(-1)?.id ?? null },
          };
        },
      },
      Node: { __resolveType: (value: { __typename: string }) => value.__typename },
      Review: { __resolveReference: (ref: { id: string }) => reviews.find((r) => r.id === ref.id) ?? null },
      Product: { reviews: (p: { productId: string }) => reviews.filter((r) => r.product.productId === p.productId) },
    },
  });
  const yoga = createYoga({ schema, graphiql: false, landingPage: false });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    reviews,
    nodeCalls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type Reviews = Awaited<ReturnType<typeof startReviews>>;
