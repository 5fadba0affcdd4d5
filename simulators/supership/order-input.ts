import { resolveArea } from "./areas.js";
import { FEE_RULES } from "./fees.js";
import { Fields } from "./input.js";
import type { NewOrder } from "./orders.js";
import type { ProductItem, SupershipState } from "./state.js";

/**
 * Validation of `orders/add` (§5 C2, §11.4): conditional rules, enum codes, phone format and area
 * names. Every failure is collected and answered as one 422 naming the fields.
 */

export function parseNewOrder(state: SupershipState, shop: string, body: Record<string, unknown>): NewOrder {
  const f = new Fields(body);
  const pickup = readPickup(state, shop, f);
  const receiverArea = resolveArea(f, { province: "province", district: "district", commune: "commune" });
  const receiver = {
    name: f.text("name", { required: true }),
    phone: f.phone("phone", { required: true }),
    email: f.text("email") || null,
    address: f.text("address", { required: true }),
  };
  const amount = f.int("amount", { required: true, min: 0 });
  // Mandatory since v1.0.14 (§9), although the docs' example still sends null.
  const value = f.int("value", { required: true, min: 0 });
  const weight = f.int("weight", { required: true, min: 1 });
  if (weight !== null && weight > FEE_RULES.maxWeightGrams) f.fail("weight", `Khối lượng không được vượt quá ${FEE_RULES.maxWeightGrams} gram.`);
  const service = f.oneOf("service", ["1"] as const, { required: true });
  const config = f.oneOf("config", ["1", "2", "3"] as const, { required: true });
  const payer = f.oneOf("payer", ["1", "2"] as const, { required: true });
  const productType = f.oneOf("product_type", ["1", "2"] as const, { required: true });
  const product = productType === "1" ? f.text("product", { required: true }) : null;
  const products = productType === "2" ? readProducts(f) : null;
  const barter = f.oneOf("barter", ["0", "1"] as const) ?? "0";
  const soc = f.text("soc");
  if (soc.length > 50) f.fail("soc", "Trường soc không được dài quá 50 ký tự.");
  f.throwIfInvalid();
  return {
    pickup: pickup!,
    receiver: { ...receiver, area: receiverArea! },
    amount: amount!,
    value: value!,
    weight: weight!,
    soc,
    note: f.text("note"),
    service: service!,
    config: config!,
    payer: payer!,
    product,
    products,
    barter,
  };
}

/** `pickup_code` wins when non-empty; otherwise every pickup_* address field is required. */
function readPickup(state: SupershipState, shop: string, f: Fields): NewOrder["pickup"] | null {
  const code = f.text("pickup_code");
  if (code) {
    const w = state.warehouses.get(code);
    if (!w || w.shop !== shop) return (f.fail("pickup_code", `Không tìm thấy kho lấy hàng "${code}".`), null);
    if (w.status !== "1") return (f.fail("pickup_code", `Kho lấy hàng "${code}" đã dừng hoạt động.`), null);
    return { warehouse: w.code, name: w.contact, label: w.name, contact: w.contact, phone: w.phone, address: w.address, area: w.area };
  }
  const phone = f.phone("pickup_phone", { required: true });
  const address = f.text("pickup_address", { required: true });
  const area = resolveArea(f, { province: "pickup_province", district: "pickup_district", commune: "pickup_commune" });
  if (!area) return null;
  const contact = f.text("pickup_contact");
  return { warehouse: null, name: contact || f.text("pickup_name"), label: f.text("pickup_name"), contact, phone, address, area };
}

function readProducts(f: Fields): ProductItem[] | null {
  const raw = f.src.products;
  if (!Array.isArray(raw) || raw.length === 0) return (f.fail("products", "Trường products phải là một mảng không rỗng."), null);
  return raw.map((item, i) => {
    const p = new Fields(item && typeof item === "object" ? (item as Record<string, unknown>) : {});
    const out = {
      sku: p.text("sku", { required: true }),
      name: p.text("name", { required: true }),
      price: p.int("price", { required: true, min: 0 }) ?? 0,
      weight: p.int("weight", { required: true, min: 0 }) ?? 0,
      quantity: p.int("quantity", { required: true, min: 1 }) ?? 0,
    };
    for (const [k, msgs] of Object.entries(p.errors)) for (const m of msgs) f.fail(`products.${i}.${k}`, m.replace(`Trường ${k}`, `Trường products.${i}.${k}`));
    return out;
  });
}
