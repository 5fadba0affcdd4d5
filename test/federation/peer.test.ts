import { composeServices as composeWithApollo } from "@apollo/composition";
import { composeSchemaContract, composeServices as composeWithGuild } from "@theguild/federation-composition";
import { buildSchema, type GraphQLSchema, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";
import { FULFILLMENT_SDL } from "./gateway.js";
import { type HiveGateway, startHiveGateway } from "./hive-gateway.js";
import { REVIEWS_SDL, type Reviews, startReviews } from "./reviews.js";
import { postSubgraph, SUBGRAPH_HEADER, SUBGRAPH_SECRET, seeded, type Tenant } from "./tenants.js";

/**
 * Our subgraph next to a conventional peer (Relay `Node`, `Query.node`, `PageInfo`, `Money`, all
 * `@shareable` on its side): both composers compose it with no error, tenant-admin fields stay
 * out of the supergraph, and a real Hive Gateway answers queries crossing both subgraphs and
 * `node(id)` for our ids and the peer's (docs/federation.md "Composing with other subgraphs").
 */

/** The peer as the issue tried it: nothing but the Relay plumbing and Money every company supergraph has. */
const MINIMAL_PEER = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])
interface Node { id: ID! }
type PageInfo @shareable { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
type Money @shareable { amount: String! currency: String! }
type User implements Node @key(fields: "id") { id: ID! name: String! balance: Money! }
type UserConnection @shareable { pageInfo: PageInfo! nodes: [User!]! }
type Query { node(id: ID!): Node @shareable nodes(ids: [ID!]!): [Node]! @shareable users: UserConnection! }
`;

const services = (fulfillmentSdl: string, peerSdl: string, urls = { fulfillment: "http://fulfillment.invalid/subgraph", peer: "http://peer.invalid/graphql" }) => [
  { name: "fulfillment", url: urls.fulfillment, typeDefs: parse(fulfillmentSdl) },
  { name: "reviews", url: urls.peer, typeDefs: parse(peerSdl) },
];

function composeBoth(fulfillmentSdl: string, peerSdl: string, urls?: { fulfillment: string; peer: string }) {
  const apollo = composeWithApollo(services(fulfillmentSdl, peerSdl, urls));
  const guild = composeWithGuild(services(fulfillmentSdl, peerSdl, urls));
  return {
    apolloErrors: apollo.errors?.map((e) => e.message) ?? [],
    guildErrors: guild.errors?.map((e) => e.message) ?? [],
    apiSchema: apollo.schema?.toAPISchema().toGraphQLJSSchema(),
    guildPublicSdl: "publicSdl" in guild ? (guild.publicSdl ?? "") : "",
    guildSupergraph: "supergraphSdl" in guild ? (guild.supergraphSdl ?? "") : "",
  };
}

const TENANT_ADMIN = {
  Mutation: [
    "connectHyperskuWithPassword",
    "connectSupershipWithPartnerLogin",
    "connectSupershipWithToken",
    "disconnectProvider",
    "registerSupershipWebhook",
    "rotateSupershipWebhookToken",
  ],
  Query: ["viewer"],
  types: ["Viewer", "Tenant", "ProviderConnection", "SupershipWebhook", "ConnectionState", "ConnectionMethod"],
};

describe("composition with a conventional peer", () => {
  it("composes with the minimal peer and with the reviews peer in both composers, with no errors", () => {
    for (const peer of [MINIMAL_PEER, REVIEWS_SDL]) {
      const { apolloErrors, guildErrors } = composeBoth(FULFILLMENT_SDL, peer);
      expect(apolloErrors).toEqual([]);
      expect(guildErrors).toEqual([]);
    }
  });

  it("keeps tenant-admin fields and types out of the supergraph's API schema", () => {
    const { apiSchema, guildPublicSdl } = composeBoth(FULFILLMENT_SDL, MINIMAL_PEER);
    const api = apiSchema as GraphQLSchema;
    const mutations = Object.keys(api.getMutationType()?.getFields() ?? {});
    expect(mutations).toContain("createOrder");
    expect(mutations.filter((m) => TENANT_ADMIN.Mutation.includes(m))).toEqual([]);
    expect(Object.keys(api.getQueryType()?.getFields() ?? {})).not.toContain("viewer");
    expect(TENANT_ADMIN.types.filter((t) => api.getType(t))).toEqual([]);
    const sdl = guildPublicSdl;
    expect(sdl).toContain("createOrder(");
    for (const name of [...TENANT_ADMIN.Mutation, "hyperskuConnectUrl", "type Viewer", "type Tenant"]) expect(sdl).not.toContain(name);
  });
});

describe("contract tags", () => {
  /** The API schema of a Hive contract variant (what Hive Console builds from the tags) excluding `tags`. */
  function contract(...tags: string[]): GraphQLSchema {
    const result = composeSchemaContract(services(FULFILLMENT_SDL, REVIEWS_SDL), { include: new Set(), exclude: new Set(tags) }, true);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    return buildSchema("publicSdl" in result ? (result.publicSdl ?? "") : "");
  }
  const fieldsOf = (schema: GraphQLSchema, type: string) => Object.keys((schema.getType(type) as { getFields?: () => object } | undefined)?.getFields?.() ?? {}).sort();

  it("excluding fulfillment-write leaves our reads and takes every mutation of ours out", () => {
    const readOnly = contract("fulfillment-write");
    expect(readOnly.getMutationType()).toBeUndefined();
    expect(fieldsOf(readOnly, "Query")).toEqual(expect.arrayContaining(["orders", "products", "reviews", "node"]));
  });

  it("excluding fulfillment takes our whole surface out and leaves the peer's, keys and shared types included", () => {
    const peerOnly = contract("fulfillment");
    expect(fieldsOf(peerOnly, "Query")).toEqual(["node", "nodes", "reviews"]);
    expect(fieldsOf(peerOnly, "Product")).toEqual(["id", "productId", "reviews"]); // keys are never tagged
    expect(fieldsOf(peerOnly, "Money")).toEqual(["amount", "currency"]);
    // Our entities stay reachable as Node implementations, with nothing but their keys.
    expect(fieldsOf(peerOnly, "Delivery")).toEqual(["code", "id"]);
  });
});

describe("through Hive Gateway, with the reviews peer served", () => {
  let sims: Simulators;
  let api: Api;
  let reviews: Reviews;
  let gateway: HiveGateway;
  let a: Tenant;
  const secret = { header: SUBGRAPH_HEADER, value: SUBGRAPH_SECRET };

  beforeAll(async () => {
    sims = await startSimulators();
    api = await startApi({ urls: sims.urls, env: { SUBGRAPH_SECRET } });
    a = await connectedTenant(api, "Tenant A", 0);
    reviews = await startReviews(seeded(sims, a).productIds.slice(0, 3));
    const urls = { fulfillment: `${api.url}/subgraph`, peer: reviews.url };
    const { guildErrors, guildSupergraph } = composeBoth(FULFILLMENT_SDL, REVIEWS_SDL, urls);
    expect(guildErrors).toEqual([]);
    gateway = await startHiveGateway({ fulfillment: urls.fulfillment, storefront: urls.peer }, { secret, session: "caller", supergraph: guildSupergraph });
  });
  afterAll(async () => {
    await gateway?.close();
    await reviews?.close();
    await api?.close();
    await sims?.close();
  });

  it("answers a query crossing both subgraphs both ways, shared Money and PageInfo included", async () => {
    const [first] = reviews.reviews;
    const res = await gateway.query<{
      reviews: { pageInfo: { hasNextPage: boolean }; edges: Array<{ node: { body: string; paid: { currency: string }; product: { productId: string; title: string } } }> };
      product: { title: string; reviews: Array<{ body: string }> };
    }>(
      `{ reviews(first: 2) { pageInfo { hasNextPage } edges { node { body paid { amount currency } product { productId title } } } }
         product(productId: "${first!.product.productId}") { title reviews { body } } }`,
      a.apiKey,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.reviews.pageInfo.hasNextPage).toBe(true);
    expect(res.data?.reviews.edges.map((e) => e.node.product.productId)).toEqual(reviews.reviews.slice(0, 2).map((r) => r.product.productId));
    expect(res.data?.reviews.edges.every((e) => e.node.product.title.length > 0 && e.node.paid.currency === "USD")).toBe(true);
    expect(res.data?.product.reviews).toEqual([{ body: first!.body }]);
  });

  it("resolves node(id) for one of our ids and one of the peer's: the peer owns node, our Order resolves by its id key", async () => {
    const listed = await gateway.query<{ orders: { edges: Array<{ node: { id: string; orderId: string } }> } }>(
      `{ orders(first: 1) { edges { node { id orderId } } } }`,
      a.apiKey,
    );
    const order = listed.data!.orders.edges[0]!.node;
    const review = reviews.reviews[0]!;
    const before = reviews.nodeCalls.length;
    const res = await gateway.query<{ ours: { __typename: string; orderId: string; storeOrderId: string }; theirs: { __typename: string; body: string } }>(
      `{ ours: node(id: "${order.id}") { __typename ... on Order { orderId storeOrderId } }
         theirs: node(id: "${review.id}") { __typename ... on Review { body } } }`,
      a.apiKey,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.ours).toEqual({ __typename: "Order", orderId: order.orderId, storeOrderId: expect.stringMatching(/^SO-/) });
    expect(res.data?.theirs).toEqual({ __typename: "Review", body: review.body });
    expect(reviews.nodeCalls.slice(before).sort()).toEqual([order.id, review.id].sort());
  });
});

describe("SUBGRAPH_TYPE_PREFIX", () => {
  let sims: Simulators;
  let api: Api;
  let gateway: HiveGateway;
  let reviews: Reviews;
  let a: Tenant;

  beforeAll(async () => {
    sims = await startSimulators();
    api = await startApi({ urls: sims.urls, env: { SUBGRAPH_SECRET, SUBGRAPH_TYPE_PREFIX: "Fg" } });
    a = await connectedTenant(api, "Tenant A", 0);
    reviews = await startReviews(seeded(sims, a).productIds.slice(0, 1));
  });
  afterAll(async () => {
    await gateway?.close();
    await reviews?.close();
    await api?.close();
    await sims?.close();
  });

  it("serves an SDL with our generic names prefixed, entities and shared types not; it composes and answers through Hive Gateway", async () => {
    const res = await postSubgraph(api, { query: "{ _service { sdl } }" }, { [SUBGRAPH_HEADER]: SUBGRAPH_SECRET });
    const sdl = (res.body?.data?._service as { sdl: string } | undefined)?.sdl ?? "";
    const typeNames = [...sdl.matchAll(/^(?:type|interface|union|enum|input) (\w+)/gm)].map((m) => m[1]);
    expect(typeNames).toEqual(expect.arrayContaining(["FgAddress", "FgProvider", "FgError", "FgCountry", "FgMutationCreateOrderResult"]));
    expect(typeNames).toEqual(expect.arrayContaining(["Order", "Product", "Sku", "Inventory", "Node", "PageInfo", "Money"]));
    expect(typeNames.filter((t) => ["Address", "Provider", "Error", "Country"].includes(t!))).toEqual([]);

    const urls = { fulfillment: `${api.url}/subgraph`, peer: reviews.url };
    const composed = composeBoth(sdl, REVIEWS_SDL, urls);
    expect(composed.apolloErrors).toEqual([]);
    expect(composed.guildErrors).toEqual([]);
    gateway = await startHiveGateway(
      { fulfillment: urls.fulfillment, storefront: urls.peer },
      { secret: { header: SUBGRAPH_HEADER, value: SUBGRAPH_SECRET }, session: "caller", supergraph: composed.guildSupergraph },
    );
    const answer = await gateway.query<{
      orders: { edges: Array<{ node: { shippingAddress: { __typename: string; countryCode: string }; shipments: Array<{ __typename: string }> } }> };
    }>(`{ orders(first: 3) { edges { node { shippingAddress { __typename countryCode } shipments { __typename } } } } }`, a.apiKey);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.orders.edges).toHaveLength(3);
    expect(answer.data?.orders.edges.every((e) => e.node.shippingAddress.__typename === "FgAddress")).toBe(true);
    // An abstract type (FgShipment) resolves its members by their served names.
    expect(answer.data?.orders.edges.flatMap((e) => e.node.shipments.map((s) => s.__typename)).every((t) => t === "InternationalShipment")).toBe(true);
    // So does a mutation's result union: its typed error is the prefixed type.
    const cancel = await gateway.query<{ cancelOrder: { __typename: string; message?: string } }>(
      `mutation { cancelOrder(orderId: "999999999999") { __typename ... on FgError { message } } }`,
      a.apiKey,
    );
    expect(cancel.errors).toBeUndefined();
    expect(cancel.data?.cancelOrder).toEqual({ __typename: expect.stringMatching(/^Fg\w+Error$/), message: expect.any(String) });
  });
});
