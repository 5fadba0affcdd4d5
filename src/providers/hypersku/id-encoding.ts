import { JsonText } from "../http.js";

/**
 * How ids go into HyperSKU request bodies (HYPERSKU_ID_ENCODING). The third-party client sends
 * `logisticsId`, `skuId` and `thirdOrderId` as JSON numbers (hypersku-api.md §4.11, §8,
 * addendum #5); our ids are strings, and a 19-digit id does not survive as a JavaScript number.
 * "string" (default) sends them as JSON strings. "number" writes each of those fields that holds
 * a decimal integer a 64-bit long can hold as bare digits in the JSON text, copied character by
 * character (never through `Number()`), and leaves any other value a string.
 */

export type IdEncoding = "string" | "number";
export const ID_ENCODINGS = ["string", "number"] as const satisfies readonly IdEncoding[];

/** The body fields the third-party client sends as numbers. */
const NUMERIC_ID_FIELDS: ReadonlySet<string> = new Set(["logisticsId", "skuId", "thirdOrderId"]);
const LONG_MAX = 9223372036854775807n;

/** Canonical decimal digits (no sign, no leading zero: "007" would come back as "7") within a Java long. */
const fitsLong = (v: string) => /^(0|[1-9]\d{0,18})$/.test(v) && BigInt(v) <= LONG_MAX;

/** The request body as the transport should send it: unchanged for "string", JSON text with bare-digit ids for "number". */
export function encodeIds(body: unknown, encoding: IdEncoding): unknown {
  return encoding === "number" ? new JsonText(write(body, undefined) ?? "null") : body;
}

/** JSON.stringify's output for plain JSON values (what a parsed zod input is), with the id fields as bare digits. */
function write(value: unknown, key: string | undefined): string | undefined {
  if (key !== undefined && NUMERIC_ID_FIELDS.has(key) && typeof value === "string" && fitsLong(value)) return value;
  if (Array.isArray(value)) return `[${value.map((v) => write(v, undefined) ?? "null").join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const members: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const text = write(v, k);
      if (text !== undefined) members.push(`${JSON.stringify(k)}:${text}`);
    }
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value) as string | undefined;
}
