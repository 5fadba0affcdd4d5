import { z } from "zod";

/**
 * Shapes every HyperSKU schema of the simulator shares, written from hypersku-api.md §5 and §8.
 * Requests are strict objects: the simulator answers 60002 for a field it does not know, so a
 * client that renames a field is told so instead of having it silently dropped (ADR 010).
 */

/** §8: 64-bit ids travel as JSON strings or numbers ([3P] sends numbers); kept as strings. */
export const Id = z.union([z.string().min(1), z.number().int()]).transform(String);

/** §8 [INT]: "yyyy-MM-dd HH:mm:ss", China time, no zone. The simulator writes only this form. */
export const WireTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, "yyyy-MM-dd HH:mm:ss");

/** §8: amounts are JSON numbers with a separate currencyCode; weights in grams. */
export const Money = z.number().finite();
export const Count = z.number().int();

/** §5.3 [INT]: `page` is 1-based, `limit` rows per page. The cap of 100 is the simulator's own. */
export const pageFields = { page: z.number().int().min(1), limit: z.number().int().min(1).max(100) };

/** §5.1 BaseResponse [FW]: `status` 200 (or 0 per [3P]) is success, `message` (or `msg` [3P]). */
export const BaseResponse = z.looseObject({
  status: z.number().int(),
  message: z.string().optional(),
  msg: z.string().optional(),
  rel: z.boolean().optional(),
});

const SUCCESS_CODES = [200, 0];

/** ObjectRestResponse«T» (§5.1) with a success status. */
export const ObjectRestResponse = <T extends z.ZodType>(data: T) =>
  BaseResponse.extend({
    status: z
      .number()
      .int()
      .refine((s) => SUCCESS_CODES.includes(s), "not a success status"),
    data,
  });

/** TableData«T» [FW]: `{total, rows}`. */
export const TableData = <T extends z.ZodType>(row: T) => z.looseObject({ total: Count.nonnegative(), rows: z.array(row) });

/** TableResultResponse«T» (§5.1). */
export const TableResultResponse = <T extends z.ZodType>(row: T) => ObjectRestResponse(TableData(row));

/** A failure on HTTP 200 (§5.1): any non-success status, with the text in `message` or `msg`. */
export const FailureResponse = BaseResponse.refine((b) => !SUCCESS_CODES.includes(b.status), "a failure has a non-success status");
