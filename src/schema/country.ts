import type { CountryCodeReponseDto } from "../providers/hypersku/schemas.js";
import { countryCode } from "../resolvers/validation.js";
import { builder } from "./builder.js";

/** Destination countries HyperSKU ships to (getCountryCode), with their regions; one by code. */

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
    nullable: true,
    description: "Countries HyperSKU ships to. Needs a HyperSKU connection. Null only with an error at this path.",
    resolve: (_, __, ctx) => ctx.hypersku.getCountryCode(),
  }),
);

builder.queryField("country", (t) =>
  t.field({
    type: CountryRef,
    nullable: true,
    description: "One destination by ISO 3166-1 alpha-2 code (upper case); null when HyperSKU does not ship there. Needs a HyperSKU connection.",
    args: { code: t.arg.string({ validate: countryCode }) },
    // getCountryCode has no single-country form: the list is small, so look the code up in it.
    resolve: async (_, { code }, ctx) => (await ctx.hypersku.getCountryCode()).find((c) => c.countryCode === code) ?? null,
  }),
);
