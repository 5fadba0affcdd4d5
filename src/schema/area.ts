import { areaLists } from "../loaders/area.js";
import type { Commune, District, Province } from "../providers/supership/schemas/areas.js";
import { builder } from "./builder.js";

/**
 * Vietnamese areas from SuperShip's Areas API: provinces → districts → communes. Other
 * SuperShip inputs (quotes, warehouses, deliveries) take these *names*. No credentials are
 * needed: the provider serves areas anonymously (supership-api.md §3.3).
 */

const CommuneRef = builder.objectRef<Commune>("Commune").implement({
  description: "A commune or ward (Phường/Xã/Thị trấn).",
  fields: (t) => ({
    code: t.exposeString("code", { description: "SuperShip's area code (GSO code)." }),
    name: t.exposeString("name", { description: "Full name, e.g. `Phường Tân Thới Hòa`: pass it as a `commune` input." }),
  }),
});

const DistrictRef = builder.objectRef<District>("District").implement({
  description: "A district (Quận/Huyện/Thị xã/Thành phố) of a province.",
  fields: (t) => ({
    code: t.exposeString("code", { description: "SuperShip's area code (GSO code)." }),
    name: t.exposeString("name", { description: "Full name, e.g. `Quận Tân Phú`: pass it as a `district` input." }),
    communes: t.field({
      type: [CommuneRef],
      description: "Its communes and wards. Empty when SuperShip has no commune data for the district.",
      resolve: (d, _, ctx) => areaLists(ctx).communes(d.code),
    }),
  }),
});

const ProvinceRef = builder.objectRef<Province>("Province").implement({
  description: "A province or centrally-run city of Vietnam, as SuperShip lists it.",
  fields: (t) => ({
    code: t.exposeString("code", { description: "SuperShip's area code (GSO code, e.g. `79` for Hồ Chí Minh)." }),
    name: t.exposeString("name", { description: "Full name, e.g. `Thành phố Hồ Chí Minh`: pass it as a `province` input." }),
    districts: t.field({
      type: [DistrictRef],
      resolve: (p, _, ctx) => areaLists(ctx).districts(p.code),
    }),
  }),
});

builder.queryField("provinces", (t) =>
  t.field({
    type: [ProvinceRef],
    description: "Provinces SuperShip delivers to. Works without a SuperShip connection.",
    resolve: (_, __, ctx) => areaLists(ctx).provinces(),
  }),
);
