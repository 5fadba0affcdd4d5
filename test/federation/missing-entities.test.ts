import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";
import { type Gateway, startGateway } from "./gateway.js";
import { type HiveGateway, startHiveGateway } from "./hive-gateway.js";
import { type Storefront, startStorefront } from "./storefront.js";
import { SUBGRAPH_HEADER, SUBGRAPH_SECRET, seeded, type Tenant } from "./tenants.js";

/**
 * A reference to an entity we do not have (an unknown key, another merchant's) through both
 * gateways (docs/federation.md "Entities: the contract"): the subgraph answers null with a
 * NOT_FOUND error at the entity's index, so each gateway reports that error, typed and with our
 * service's name, and nulls the nearest nullable parent, instead of a "Cannot return null for
 * non-nullable field" (Apollo) or a masked internal error (Hive).
 */

let sims: Simulators;
let api: Api;
let storefront: Storefront;
let apollo: Gateway;
let hive: HiveGateway;
let a: Tenant;

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls, env: { SUBGRAPH_SECRET } });
  storefront = await startStorefront();
  const urls = { fulfillment: `${api.url}/subgraph`, storefront: storefront.url };
  const secret = { header: SUBGRAPH_HEADER, value: SUBGRAPH_SECRET };
  apollo = await startGateway(urls, secret);
  hive = await startHiveGateway(urls, { secret, session: "caller" });
  a = await connectedTenant(api, "Tenant A", 0);
});
afterAll(async () => {
  await hive?.close();
  await apollo?.close();
  await storefront?.close();
  await api?.close();
  await sims?.close();
});

type Answer = { data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };

describe("a featured order the subgraph does not have", () => {
  const query = `{ featuredOrders { orderId storefrontNote storeOrderId } }`;

  for (const [name, run] of [
    ["Apollo Gateway", (q: string) => apollo.query(q, a.apiKey) as Promise<Answer>],
    ["Hive Gateway", (q: string) => hive.query(q, a.apiKey) as Promise<Answer>],
  ] as const) {
    it(`${name} reports our NOT_FOUND, not a non-null violation nor an internal error`, async () => {
      const [first, second] = seeded(sims, a).orderIds;
      storefront.feature(`Bearer ${a.apiKey}`, { orderIds: [first!, "999999999999", second!] });
      const res = await run(query);
      const errors = res.errors ?? [];
      expect(errors.map((e) => [e.extensions?.code, e.extensions?.serviceName])).toEqual([["NOT_FOUND", "fulfillment"]]);
      expect(JSON.stringify(res)).not.toMatch(/Cannot return null|INTERNAL_SERVER_ERROR|Unexpected error/);
      // featuredOrders is the storefront's `[Order!]!`: the missing order nulls the whole answer.
      expect(res.data).toBeNull();
    });
  }
});
