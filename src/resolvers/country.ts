import type { Country } from "../providers/hypersku/schemas/logistics.js";
import type { Context } from "./context.js";

/** The countries HyperSKU ships to (getCountryCode), each with its regions. */
export const listCountries = (ctx: Context): Promise<Country[]> => ctx.hypersku.getCountryCode();

/** One country by ISO code, or null when HyperSKU does not ship there. */
export const findCountry = async (ctx: Context, code: string): Promise<Country | null> => (await ctx.hypersku.getCountryCode()).find((c) => c.countryCode === code) ?? null;
