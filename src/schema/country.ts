import { builder } from "./builder.js";
import type { CountryCodeReponseDto } from "../providers/hypersku/schemas.js";

/** Destination countries HyperSKU ships to (getCountryCode), with their regions. */

export const CountryRef = builder.objectRef<CountryCodeReponseDto>("Country").implement({
  description: "A destination country of HyperSKU's international logistics.",
  fields: (t) => ({
    code: t.exposeString("countryCode", { description: "ISO 3166-1 alpha-2 code, e.g. `US`." }),
    name: t.string({ nullable: true, resolve: (c) => c.countryName ?? null }),
    regions: t.field({
      type: [RegionRef],
      resolve: (c) => c.regionCodes,
    }),
  }),
});

const RegionRef = builder.objectRef<CountryCodeReponseDto["regionCodes"][number]>("Region").implement({
  description: "A state or province of a country.",
  fields: (t) => ({
    code: t.exposeString("regionCode"),
    name: t.exposeString("regionName"),
  }),
});

builder.queryField("countries", (t) =>
  t.field({
    type: [CountryRef],
    description: "Countries HyperSKU ships to. Needs a HyperSKU connection.",
    resolve: (_, __, ctx) => ctx.hypersku.getCountryCode(),
  }),
);
