import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO, startHyperskuSimulator } from "../../simulators/hypersku/index.js";
import { createTransport } from "../../src/providers/http.js";
import { createHyperskuClient, type HyperskuClient } from "../../src/providers/hypersku/client.js";
import { OrdersByStoreOrderId } from "../../src/providers/hypersku/schemas/order.js";

/**
 * The lookups by store order id (addendum #6) against the simulator, and the answer forms the
 * client accepts [INF]: the simulator's one OrderResult, and the list, page and empty forms
 * built from that real answer.
 */

let sim: Awaited<ReturnType<typeof startHyperskuSimulator>>;
let client: HyperskuClient;
const [merchant] = HYPERSKU_DEMO.accounts;
const transport = () => createTransport({ provider: "hypersku", baseUrl: sim.url, retries: 0 });

beforeAll(async () => {
  sim = await startHyperskuSimulator({ port: 0 });
  const login = await createHyperskuClient({ transport: transport() }).getToken(merchant);
  client = createHyperskuClient({ transport: transport(), token: login.accessToken });
});
afterAll(() => sim?.close());

describe("HyperSKU lookups by store order id", () => {
  it("getOrdersByExternalOrderId and getOrderByStoreOrderId answer the order as a list", async () => {
    const byExternal = await client.getOrdersByExternalOrderId({ storeCode: merchant.storeCode, storeOrderId: "SO-000042" });
    expect(byExternal.map((o) => o.storeOrderId)).toEqual(["SO-000042"]);
    expect(await client.getOrderByStoreOrderId("SO-000042")).toEqual(byExternal);
  });

  it("rejects a missing store code or store order id before any call", async () => {
    sim.control.clearCounters();
    await expect(client.getOrdersByExternalOrderId({ storeCode: "", storeOrderId: "SO-000042" })).rejects.toThrow(/storeCode/);
    await expect(client.getOrderByStoreOrderId("")).rejects.toThrow(/getOrderByStoreOrderId/);
    expect(sim.control.counts().total).toBe(0);
  });

  it("accepts one OrderResult, a list, a page or no data", async () => {
    const res = await fetch(`${sim.url}/api/customer/admin/orders/list/SO-000042`, {
      headers: { authorization: (await createHyperskuClient({ transport: transport() }).getToken(merchant)).accessToken },
    });
    const { data: one } = (await res.json()) as { data: unknown };
    const [order] = OrdersByStoreOrderId.parse(one);
    expect(order?.storeOrderId).toBe("SO-000042");
    expect(OrdersByStoreOrderId.parse([one, one])).toEqual([order, order]);
    expect(OrdersByStoreOrderId.parse({ total: 1, rows: [one] })).toEqual([order]);
    expect(OrdersByStoreOrderId.parse(null)).toEqual([]);
    expect(OrdersByStoreOrderId.parse(undefined)).toEqual([]);
    expect(OrdersByStoreOrderId.safeParse({ orderBaseInfo: {} }).success).toBe(false);
  });
});
