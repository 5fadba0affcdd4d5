import { z } from "zod";
import { loaderOptions } from "../loaders/schedule.js";
import { loadWarehouses } from "../loaders/warehouse.js";
import type { Warehouse } from "../providers/supership/schemas/warehouses.js";
import { vnPhone } from "../resolvers/validation.js";
import { createWarehouse, listWarehouses, updateWarehouse } from "../resolvers/warehouse.js";
import { builder } from "./builder.js";

/** SuperShip pickup warehouses: node lookup, the list, and create/update mutations. */

const text = z.string().trim().min(1).max(200);

export const WarehouseRef = builder.loadableNodeRef<Warehouse, string, string>("Warehouse", {
  id: { resolve: (w) => w.code },
  load: (codes, ctx) => loadWarehouses(codes, ctx),
  loaderOptions: loaderOptions(),
  cacheResolved: (w) => w.code,
});

const WarehouseStatusEnum = builder.enumType("WarehouseStatus", {
  description: "Whether SuperShip picks up from this warehouse. `UNKNOWN` for a code SuperShip adds later.",
  values: {
    ACTIVE: { description: "Đang Hoạt Động." },
    INACTIVE: { description: "Dừng Hoạt Động: deactivated in the SuperShip dashboard (there is no API for it)." },
    UNKNOWN: {},
  } as const,
});

WarehouseRef.implement({
  description: "A SuperShip pickup warehouse of the merchant. Its `code` is what `createDelivery` takes as `warehouseCode`.",
  fields: (t) => ({
    code: t.exposeString("code", { description: "SuperShip's warehouse code, e.g. `W1BZE00005`." }),
    name: t.exposeString("name"),
    address: t.exposeString("address", { description: "Street address." }),
    formattedAddress: t.exposeString("formattedAddress", { description: "Street, commune, district, province." }),
    status: t.expose("status", { type: WarehouseStatusEnum }),
    primary: t.exposeBoolean("primary", { description: "The default pickup warehouse (Kho Mặc Định)." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryField("warehouses", (t) =>
  t.field({
    type: [WarehouseRef],
    nullable: true,
    description: "The merchant's SuperShip pickup warehouses. Needs a SuperShip connection. Null only with an error at this path.",
    resolve: (_, __, ctx) => listWarehouses(ctx),
  }),
);

const CreateWarehouseInput = builder.inputType("CreateWarehouseInput", {
  description: "A new pickup warehouse. Area fields are names from the `provinces` query (short forms such as `Hồ Chí Minh` are accepted).",
  fields: (t) => ({
    name: t.string({ validate: text }),
    phone: t.string({ validate: vnPhone, description: "Vietnamese phone, `^0\\d{9}$`." }),
    contact: t.string({ validate: text, description: "Contact person." }),
    address: t.string({ validate: text, description: "Street address." }),
    province: t.string({ validate: text }),
    district: t.string({ validate: text }),
    commune: t.string({ validate: text }),
    primary: t.boolean({ defaultValue: false, description: "Make it the default warehouse; the previous default is demoted." }),
  }),
});

const UpdateWarehouseInput = builder.inputType("UpdateWarehouseInput", {
  description:
    "Only name, phone and contact can change (SuperShip §5 D3); for a new address create a new warehouse. " +
    "SuperShip replaces phone and contact together and never reports their current values, so give both; an omitted name is kept.",
  fields: (t) => ({
    code: t.string({ validate: text }),
    name: t.string({ required: false, validate: text }),
    phone: t.string({ required: false, validate: vnPhone }),
    contact: t.string({ required: false, validate: text }),
  }),
});

const warehouseMutation = { authScopes: { authenticated: true as const }, errors: {} };

builder.mutationFields((t) => ({
  createWarehouse: t.field({
    ...warehouseMutation,
    type: WarehouseRef,
    description: "Register a SuperShip pickup warehouse. Unknown area names are input errors naming the field.",
    args: { input: t.arg({ type: CreateWarehouseInput, required: true }) },
    resolve: (_, { input }, ctx) => createWarehouse(ctx, input, WarehouseRef.getDataloader(ctx)),
  }),
  updateWarehouse: t.field({
    ...warehouseMutation,
    type: WarehouseRef,
    description: "Rename a warehouse or change its phone and contact; returns the updated warehouse.",
    args: { input: t.arg({ type: UpdateWarehouseInput, required: true }) },
    resolve: (_, { input }, ctx) => updateWarehouse(ctx, input, WarehouseRef.getDataloader(ctx)),
  }),
}));
