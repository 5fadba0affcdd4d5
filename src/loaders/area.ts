import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import type { Context } from "../context.js";
import type { SupershipCommune, SupershipDistrict, SupershipProvince } from "../providers/supership/schemas/areas.js";
import { loadEach } from "./batch.js";

/**
 * The Areas API (supership-api.md §5 B1–B3) per request: provinces once, districts by
 * province code, communes by district code; one call per distinct parent, no batch form.
 * These endpoints are anonymous (§3.3), so they use a client without credentials: areas work
 * for every caller, also a tenant that has not connected SuperShip. The schema's area fields
 * and the name checks of quotes, warehouses and deliveries share these loaders, so a request
 * never asks twice for the same list.
 */

export interface AreaLoaders {
  provinces(): Promise<SupershipProvince[]>;
  districts: DataLoader<string, SupershipDistrict[]>;
  communes: DataLoader<string, SupershipCommune[]>;
}

export const areaLoaders = createContextCache((ctx: Context): AreaLoaders => {
  const anonymous = ctx.app.providers.supership();
  let provinces: Promise<SupershipProvince[]> | null = null;
  return {
    provinces: () => {
      if (!provinces) {
        const call = anonymous.provinces();
        provinces = call;
        // A failed call is not kept: a later field of the same request may try again.
        call.catch(() => provinces === call && (provinces = null));
      }
      return provinces;
    },
    districts: new DataLoader((codes) => loadEach(codes, (code) => anonymous.districts(code))),
    communes: new DataLoader((codes) => loadEach(codes, (code) => anonymous.communes(code))),
  };
});
