import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import { simCount } from "../support/oauth.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/** SuperShip pickup warehouses: list, node ids, create (area names checked) and update. */

let sims: Simulators;
let api: Api;
let apiKey: string;
const [shop] = SUPERSHIP_DEMO.accounts;

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls });
  ({ apiKey } = await createTenant(api.store, "Warehouses"));
  await api.as(apiKey).ConnectSupershipWithToken({ token: shop.token });
});
afterAll(async () => {
  await api.close();
  await sims.close();
});

const newWarehouse = {
  name: "Kho Bến Thành",
  phone: "0903123456",
  contact: "Lê Văn Cường",
  address: "10 Lê Thánh Tôn",
  province: "Hồ Chí Minh",
  district: "quan 1",
  commune: "Phường Bến Nghé",
};

describe("warehouses", () => {
  it("lists the shop's warehouses, with one default, and resolves each by node id", async () => {
    const { warehouses } = await api.as(apiKey).Warehouses();
    // The shop's warehouses in the simulator: the seed gives S100001 three (simulators/supership/seed.ts WAREHOUSES).
    const seeded = [...sims.supership.state.warehouses.values()].filter((w) => w.shop === shop.shopCode);
    expect(warehouses!.map((w) => w.code).sort()).toEqual(seeded.map((w) => w.code).sort());
    expect(warehouses!.filter((w) => w.primary)).toHaveLength(1);
    expect(warehouses!.every((w) => w.status === "ACTIVE")).toBe(true);
    const [first] = warehouses!;
    expect(first!.formattedAddress).toContain(first!.address);

    const { node } = await api.as(apiKey).ShippingNode({ id: first!.id });
    expect(node).toMatchObject({ __typename: "Warehouse", id: first!.id, code: first!.code, name: first!.name });
  });

  it("createWarehouse resolves loose area names to SuperShip's names; primary demotes the old default", async () => {
    const res = await api.as(apiKey).CreateWarehouse({ input: { ...newWarehouse, primary: true } });
    if (res.createWarehouse.__typename !== "MutationCreateWarehouseSuccess") throw new Error(JSON.stringify(res.createWarehouse));
    const created = res.createWarehouse.data;
    expect(created).toMatchObject({ name: "Kho Bến Thành", primary: true, status: "ACTIVE" });
    expect(created.formattedAddress).toBe("10 Lê Thánh Tôn, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh");

    const { warehouses } = await api.as(apiKey).Warehouses();
    expect(warehouses!.filter((w) => w.primary).map((w) => w.code)).toEqual([created.code]);
  });

  it("unknown area names and a bad phone are input errors naming the field; nothing is sent", async () => {
    sims.supership.control.clearCounters();
    const area = await api.as(apiKey).CreateWarehouse({ input: { ...newWarehouse, district: "Quận 99", commune: "Nowhere" } });
    expect(area.createWarehouse).toMatchObject({ __typename: "InputValidationError", issues: [{ path: "input.district" }] });

    const commune = await api.as(apiKey).CreateWarehouse({ input: { ...newWarehouse, commune: "Phường Không Có" } });
    expect(commune.createWarehouse).toMatchObject({ __typename: "InputValidationError", issues: [{ path: "input.commune" }] });

    const phone = await api.as(apiKey).CreateWarehouse({ input: { ...newWarehouse, phone: "+84903123456" } });
    expect(phone.createWarehouse).toMatchObject({ __typename: "InputValidationError", issues: [{ path: "input.phone" }] });
    expect(simCount(sims, "supership", "createWarehouse")).toBe(0);
  });

  it("updateWarehouse changes name, phone and contact and returns the updated warehouse", async () => {
    const { warehouses } = await api.as(apiKey).Warehouses();
    const target = warehouses!.find((w) => !w.primary)!;
    const res = await api.as(apiKey).UpdateWarehouse({ input: { code: target.code, name: "Kho Đổi Tên", phone: "0909000111", contact: "Phạm Thị Dung" } });
    expect(res.updateWarehouse).toMatchObject({ __typename: "MutationUpdateWarehouseSuccess", data: { code: target.code, name: "Kho Đổi Tên", address: target.address } });
    const after = (await api.as(apiKey).Warehouses()).warehouses!.find((w) => w.code === target.code);
    expect(after?.name).toBe("Kho Đổi Tên");

    // An omitted name is kept.
    const kept = await api.as(apiKey).UpdateWarehouse({ input: { code: target.code, phone: "0909000222", contact: "Phạm Thị Dung" } });
    expect(kept.updateWarehouse).toMatchObject({ data: { name: "Kho Đổi Tên" } });
  });

  it("updateWarehouse: phone and contact are needed, the phone is checked, an unknown code is NotFoundError", async () => {
    const { warehouses } = await api.as(apiKey).Warehouses();
    const code = warehouses![0]!.code;
    const missing = await api.as(apiKey).UpdateWarehouse({ input: { code, name: "Only a name" } });
    expect(missing.updateWarehouse).toMatchObject({ __typename: "InputValidationError", issues: [{ path: "input.phone" }, { path: "input.contact" }] });

    const badPhone = await api.as(apiKey).UpdateWarehouse({ input: { code, phone: "12345", contact: "X" } });
    expect(badPhone.updateWarehouse).toMatchObject({ __typename: "InputValidationError", issues: [{ path: "input.phone" }] });

    const unknown = await api.as(apiKey).UpdateWarehouse({ input: { code: "WZZZZ99999", phone: "0909000111", contact: "X" } });
    expect(unknown.updateWarehouse).toMatchObject({ __typename: "NotFoundError", entity: "Warehouse", id: "WZZZZ99999" });
  });

  it("warehouses need SuperShip: a tenant without it gets PROVIDER_NOT_CONNECTED", async () => {
    const other = await createTenant(api.store, "No SuperShip");
    await expect(api.as(other.apiKey).Warehouses()).rejects.toSatisfy(
      (e) => (e as { response?: { errors?: Array<{ extensions?: { code?: string } }> } }).response?.errors?.[0]?.extensions?.code === "PROVIDER_NOT_CONNECTED",
    );
  });
});
