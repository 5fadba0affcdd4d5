import { z } from "zod";

/**
 * Areas (B1–B3). Codes only walk this API; every other endpoint takes area *names*
 * (§2.3), so callers should pass the names returned here.
 */

export const AreaCode = z.string().min(1);

export const Province = z.object({ code: z.string(), name: z.string() });
export type Province = z.output<typeof Province>;

/** `province` is the province's name, not its code. */
export const District = z.object({ code: z.string(), name: z.string(), province: z.string() });
export type District = z.output<typeof District>;

/** `district` and `province` are names. */
export const Commune = z.object({ code: z.string(), name: z.string(), district: z.string(), province: z.string() });
export type Commune = z.output<typeof Commune>;

export const Provinces = z.array(Province);
export const Districts = z.array(District);
export const Communes = z.array(Commune);
