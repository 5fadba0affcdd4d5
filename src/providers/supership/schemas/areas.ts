import { z } from "zod";

/**
 * Areas (B1–B3). Codes only walk this API; every other endpoint takes area *names*
 * (§2.3), so callers should pass the names returned here.
 */

export const areaCode = z.string().min(1);

export const province = z.object({ code: z.string(), name: z.string() });
export type SupershipProvince = z.output<typeof province>;

/** `province` is the province's name, not its code. */
export const district = z.object({ code: z.string(), name: z.string(), province: z.string() });
export type SupershipDistrict = z.output<typeof district>;

/** `district` and `province` are names. */
export const commune = z.object({ code: z.string(), name: z.string(), district: z.string(), province: z.string() });
export type SupershipCommune = z.output<typeof commune>;

export const provinces = z.array(province);
export const districts = z.array(district);
export const communes = z.array(commune);
