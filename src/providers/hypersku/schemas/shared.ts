import { z } from "zod";

/**
 * HyperSKU's wire contract: shapes every schema file shares. Schema names follow the docs' sidebar
 * (typos kept: "Acces", "Reponse"); field lists are inferred (hypersku-api.md §7) unless marked
 * DOC. Objects are not strict: unknown fields pass through unseen, so an additive change upstream
 * never breaks us. Response schemas output the domain shape the graph serves.
 */

/** 64-bit ids: the wire may send strings or numbers; we keep strings and never do arithmetic (§8). */
export const Id = z.union([z.string().min(1), z.number().int().transform(String)]);

/** "yyyy-MM-dd HH:mm:ss" in China time (UTC+8, §8) or ISO 8601; normalised to ISO 8601 with offset. */
export const Timestamp = z.string().transform((value, ctx) => {
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value);
  const iso = local ? `${local[1]}T${local[2]}+08:00` : value;
  if (Number.isNaN(Date.parse(iso))) {
    ctx.addIssue({ code: "custom", message: `not a timestamp: ${value}` });
    return z.NEVER;
  }
  return iso;
});

export const Amount = z.coerce.number().finite();
export const Count = z.coerce.number().int();

/** AG-Admin BaseResponse (§5.1). `status` 200 (or 0 per 3P) means success; see HYPERSKU_SUCCESS_CODES. */
export const BaseResponse = z.object({
  status: z.coerce.number().int(),
  message: z.string().nullish(),
  msg: z.string().nullish(),
  rel: z.boolean().nullish(),
  /** The third-party client also reads `success: false` and `result: false` as failures (addendum #4). */
  success: z.boolean().nullish(),
  result: z.unknown().optional(),
  data: z.unknown().optional(),
});
export type BaseResponse = z.infer<typeof BaseResponse>;

export const TableData = <T extends z.ZodType>(row: T) => z.object({ total: Count, rows: z.array(row) });

export const PageRequest = z.object({ page: z.number().int().min(1), limit: z.number().int().min(1).max(100) });
