import { z } from "zod";

/**
 * Shapes the simulator's SuperShip schemas share (supership-api.md §2.2, §2.3). Answers are
 * loose objects (a client must tolerate additions); requests are strict, holding a client to
 * the field names of the §5 tables.
 */

/** §2.3: codes and enum values are strings in responses ("12", "1"). */
export const Code = z.string().regex(/^\d+$/, "a numeric string");

/** §2.3: money (whole đồng) and weight (grams) are integers in responses. */
export const Int = z.number().int();

/** §2.3: ISO-8601 with +07:00; the webhook examples show "yyyy-MM-dd HH:mm:ss". Both are accepted. */
export const Time = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}:\d{2}(\+07:00)?)$/, "ISO-8601 +07:00 or yyyy-MM-dd HH:mm:ss");

/** §2.3: requests may send numbers as strings ("220000") or as numbers. */
export const Num = z.union([z.number(), z.string().regex(/^-?\d+$/)]);
/** Enum codes are strings in the field tables; one client sends `service` as the number 1 (§2.3). */
export const CodeIn = z.union([z.string(), z.number().int()]);

/** §2.2: `{status: "Success", message?, results}`; `message` is often absent. */
export const Success = <T extends z.ZodType>(results: T) => z.looseObject({ status: z.literal("Success"), message: z.string().optional(), results });

/** §2.2 failure, and §8's simulator advice: 401 `{status: "Error", message: "Unauthenticated."}`, 422 with an `errors` bag. */
export const Failure = z.looseObject({
  status: z.literal("Error"),
  message: z.string(),
  errors: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
});

/** §8 [inferred]: Laravel's bare 401 body `{"message": "Unauthenticated."}`, no envelope. */
export const BareUnauthenticated = z.strictObject({ message: z.string() });
