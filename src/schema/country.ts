import type { Country } from "../providers/hypersku/schemas/logistics.js";
import { findCountry, listCountries } from "../resolvers/country.js";
import { countryCode } from "../resolvers/validation.js";
import { builder } from "./builder.js";

/** Destination countries HyperSKU ships to (getCountryCode), with their regions; one by code. */

export const CountryRef = builder.objectRef<Country>("Country").implement({
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

const RegionRef = builder.objectRef<Country["regionCodes"][number]>("Region").implement({
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
    resolve: (_, __, ctx) => listCountries(ctx),
  }),
);

builder.queryField("country", (t) =>
  t.field({
    type: CountryRef,
    nullable: true,
    description: "One destination by ISO 3166-1 alpha-2 code (upper case); null when HyperSKU does not ship there. Needs a HyperSKU connection.",
    args: { code: t.arg.string({ validate: countryCode }) },
    // getCountryCode has no single-country form: the list is small, so look the code up in it.
    resolve: (_, { code }, ctx) => findCountry(ctx, code),
  }),
);
