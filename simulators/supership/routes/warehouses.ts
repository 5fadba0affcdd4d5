import { resolveArea } from "../areas.js";
import { requireShop } from "../auth.js";
import { API, type SimContext, type SsApp } from "../context.js";
import { notFound, ok } from "../envelope.js";
import { Fields, readBody } from "../input.js";
import { shopWarehouses } from "../state.js";
import { isoVn } from "../time.js";
import { createWarehouse, updateWarehouse, warehouseView } from "../warehouses.js";

/** D1 list, D2 create, D3 update (§5 D1–D3); a shop sees only its own warehouses. */
export function warehouseRoutes(app: SsApp, sim: SimContext): void {
  const { state, control } = sim;
  const auth = requireShop(state);

  app.get(`${API}/warehouses`, control.endpoint("listWarehouses"), auth, (c) =>
    ok(
      c,
      shopWarehouses(state, c.get("shop").code).map((w) => warehouseView(w)),
    ),
  );

  app.post(`${API}/warehouses/create`, control.endpoint("createWarehouse"), auth, async (c) => {
    const f = new Fields(await readBody(c));
    const input = {
      name: f.text("name", { required: true }),
      phone: f.phone("phone", { required: true }),
      contact: f.text("contact", { required: true }),
      address: f.text("address", { required: true }),
      area: resolveArea(f, { province: "province", district: "district", commune: "commune" }),
      primary: f.oneOf("primary", ["1", "2"] as const, { required: true }),
    };
    f.throwIfInvalid();
    const w = createWarehouse(state, c.get("shop").code, { ...input, area: input.area!, primary: input.primary! }, state.now());
    return ok(c, warehouseView(w, { misspelled: true }));
  });

  app.post(`${API}/warehouses/update`, control.endpoint("updateWarehouse"), auth, async (c) => {
    const f = new Fields(await readBody(c));
    const code = f.text("code", { required: true });
    const edit = {
      name: f.text("name", { required: true }),
      phone: f.phone("phone", { required: true }),
      contact: f.text("contact", { required: true }),
    };
    f.throwIfInvalid();
    const w = state.warehouses.get(code);
    if (!w || w.shop !== c.get("shop").code) throw notFound(`Không tìm thấy kho hàng "${code}".`, "code", `Mã kho "${code}" không tồn tại.`);
    const diff = updateWarehouse(w, edit, state.now());
    return ok(c, { code: w.code, diff, updated_at: isoVn(w.updatedAt) });
  });
}
