import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Listening, listen } from "../../simulators/shared/server.js";
import { SIM_REQUESTS, SIM_RESPONSES, type SimEndpoint } from "../../simulators/supership/contract.js";
import { SUPERSHIP_DEMO, startSupershipSimulator } from "../../simulators/supership/index.js";
import { WebhookPayload } from "../../simulators/supership/schemas/warehouses.js";
import { createTransport } from "../../src/providers/http.js";
import { createSupershipClient } from "../../src/providers/supership/client.js";
import { HANOI_WAREHOUSE } from "../support/supership-inputs.js";
import { type Exchange, explained, forwarding, issues } from "./support/capture.js";

/**
 * The SuperShip client against the running simulator over real HTTP, one call per endpoint:
 * the request must reach the route the simulator's table names (its own log says which handler
 * answered) and fit the request schema; the simulator's answer must fit its own response
 * schema and parse in the client. Webhooks go the other way: the simulator posts to a receiver
 * here, and the client reads what arrived.
 */

type Sim = Awaited<ReturnType<typeof startSupershipSimulator>>;
let sim: Sim;
let receiver: Listening;
const received: unknown[] = [];
const log: Exchange[] = [];
const covered = new Set<SimEndpoint>();
const [shop] = SUPERSHIP_DEMO.accounts;
const { partner } = SUPERSHIP_DEMO;

const clientWith = (token?: string) =>
  createSupershipClient({ transport: createTransport({ provider: "supership", baseUrl: sim.url, fetch: forwarding(log), retries: 0 }), token });

async function checked<T>(name: SimEndpoint, run: () => Promise<T>): Promise<T> {
  const from = log.length;
  const simFrom = sim.control.log().length;
  const out = await run().catch(explained(name));
  const [ex, ...more] = log.slice(from);
  expect(more, `${name}: one request`).toHaveLength(0);
  const table = SIM_REQUESTS[name];
  expect(`${ex!.method} ${ex!.path}`, `${name}: route`).toBe(table.route);
  const handled = sim.control.log().slice(simFrom);
  expect(
    handled.map((r) => [r.endpoint, `${r.method} ${r.path}`, r.status]),
    `${name}: the simulator's handler`,
  ).toEqual([[name, table.route, 200]]);
  // §2.1 [doc]: Accept on every call, JSON Content-Type on every POST, the token only where §3.3 says.
  expect(ex!.headers.accept, `${name}: Accept`).toBe("application/json");
  if (ex!.method === "POST") expect(ex!.headers["content-type"], `${name}: Content-Type`).toMatch(/^application\/json/);
  expect(ex!.headers.authorization?.startsWith("Bearer ") ?? false, `${name}: Authorization: Bearer`).toBe(table.auth);
  const query = table.query.safeParse(ex!.query);
  expect(query.success ? "" : issues(query.error), `${name}: query`).toBe("");
  if ("body" in table) {
    const body = table.body.safeParse(ex!.body);
    expect(body.success ? "" : issues(body.error), `${name}: body`).toBe("");
  }
  const answer = SIM_RESPONSES[name].safeParse(ex!.answer);
  expect(answer.success ? "" : issues(answer.error), `${name}: the simulator's answer fails its own schema`).toBe("");
  covered.add(name);
  return out;
}

beforeAll(async () => {
  const hooks = new Hono().post("*", async (c) => (received.push(await c.req.json()), c.text("ok")));
  receiver = await listen(hooks);
  sim = await startSupershipSimulator({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

describe("SuperShip contract: every seeded call of the simulator parses in the client", () => {
  const anon = () => clientWith();
  const merchant = () => clientWith(shop!.token);

  it("auth and areas", async () => {
    await checked("register", () =>
      anon().register({
        project: "Contract Shop",
        name: "Trần Văn C",
        phone: "0912000111",
        email: "contract@example.vn",
        password: "a-long-password",
        partner: partner.partnerCode,
      }),
    );
    await checked("login", () =>
      anon().login({ clientId: partner.clientId, clientSecret: partner.clientSecret, username: shop!.email, password: shop!.password, partner: partner.partnerCode }),
    );
    await checked("provinces", () => anon().provinces());
    await checked("districts", () => anon().districts("79"));
    await checked("communes", () => anon().communes("767"));
    await checked("statusTable", () => anon().statusTable());
  });

  it("webhook, orders and the webhooks they fire", async () => {
    await checked("getWebhook", () => merchant().getWebhook());
    await checked("createWebhook", () => merchant().createWebhook(`${receiver.url}/hooks/supership`));
    await checked("getWebhook", () => merchant().getWebhook());
    await checked("price", () =>
      merchant().price({
        senderProvince: "Hồ Chí Minh",
        senderDistrict: "Quận 1",
        receiverProvince: "Hà Nội",
        receiverDistrict: "Quận Ba Đình",
        weight: 500,
        value: 1_600_000,
      }),
    );
    const created = await checked("createOrder", () =>
      merchant().createOrder({
        pickupPhone: "0989998888",
        pickupAddress: "35 Trịnh Đình Thảo",
        pickupProvince: "Thành phố Hồ Chí Minh",
        pickupDistrict: "Quận Tân Phú",
        pickupCommune: "Phường Hòa Thạnh",
        name: "Nguyễn Văn A",
        phone: "0987654321",
        address: "12 Lê Lợi",
        province: "Hồ Chí Minh",
        district: "Quận Tân Phú",
        commune: "Phường Phú Thạnh",
        amount: 160000,
        value: 1600000,
        weight: 200,
        soc: "CT-SS-1",
        config: "3",
        payer: "1",
        products: [{ sku: "SKU-1", name: "Áo thun", price: 80000, weight: 200, quantity: 1 }],
      }),
    );
    await checked("orderInfo", () => merchant().orderInfo(created.code));
    await checked("orderInfo", () => merchant().orderInfo("CT-SS-1", { by: "soc" }));
    await checked("printToken", () => merchant().printToken([created.code]));
    await fetch(`${sim.url}/__sim/supership/orders/${encodeURIComponent(created.code)}/weight`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ weight: 700 }),
    });
    await checked("cancelOrder", () => merchant().cancelOrder(created.code));
    await fetch(`${sim.url}/__sim/supership/webhook-deliveries?settle=1`);
    expect(received.map((p) => (p as { type?: string }).type)).toEqual(["update_weight", "update_status"]);
    for (const payload of received) {
      const own = WebhookPayload.safeParse(payload);
      expect(own.success ? "" : issues(own.error), "the simulator's webhook fails its own schema").toBe("");
      expect(merchant().parseWebhookPayload(payload)).toMatchObject({ code: created.code });
    }
  });

  it("warehouses", async () => {
    const made = await checked("createWarehouse", () => merchant().createWarehouse(HANOI_WAREHOUSE));
    await checked("updateWarehouse", () => merchant().updateWarehouse({ code: made.code, name: "Kho Ba Đình", phone: "0912345678", contact: "Lê Nam Quân" }));
    await checked("listWarehouses", () => merchant().listWarehouses());
  });

  it("covered every endpoint of the simulator's table", () => {
    expect([...covered].sort()).toEqual(Object.keys(SIM_REQUESTS).sort());
  });
});
