import { z } from "zod";

/**
 * Shared pieces of the SuperShip wire contract: primitives with the quirks of reference §2.3
 * and the response envelope of §2.2, read once by `readEnvelope`. Per-noun schemas live in
 * `schemas/*.ts`. Objects are non-strict (unknown keys are dropped, never rejected) and
 * outputs are camelCase DTOs; enum codes stay the provider's strings.
 */

/** Whole đồng. Responses carry integers (§2.3). */
export const Vnd = z.number().int().nonnegative();
/** Grams. */
export const Grams = z.number().int().nonnegative();
/** Codes and enum values are strings on the wire ("12", not 12). */
export const Code = z.string();
/** Order status code (§7.1); unknown codes pass, since newer docs versions add statuses. */
export const StatusCode = z.string().regex(/^\d+$/, "expected a numeric status code string");

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO-8601 with offset ("2018-07-03T17:18:29+07:00") or the zone-less form of the webhook
 * registration examples ("2017-09-29 01:52:09", §5 E1), read as Vietnam time. Output is
 * always ISO-8601 with a ±HH:MM offset.
 */
export const Timestamp = z.string().transform((raw, ctx) => {
  const m = TIMESTAMP.exec(raw.trim());
  if (!m) {
    ctx.issues.push({ code: "custom", message: "expected an ISO-8601 or 'YYYY-MM-DD HH:mm:ss' timestamp", input: raw });
    return z.NEVER;
  }
  const [, date, hm, sec = ":00", zone] = m;
  const offset = !zone ? "+07:00" : zone === "Z" ? "+00:00" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const iso = `${date}T${hm}${sec}${offset}`;
  if (Number.isNaN(Date.parse(iso))) {
    ctx.issues.push({ code: "custom", message: "timestamp is not a real date", input: raw });
    return z.NEVER;
  }
  return iso;
});

/**
 * "street, commune, district, province". The docs' warehouse-create example spells the key
 * `formatted_adress` (§5 D2); either spelling is accepted, one of them is required.
 */
export const FormattedAddressFields = {
  formatted_address: z.string().optional(),
  formatted_adress: z.string().optional(),
};

export function pickFormattedAddress(w: { formatted_address?: string | undefined; formatted_adress?: string | undefined }, ctx: z.RefinementCtx): string {
  const value = w.formatted_address ?? w.formatted_adress;
  if (value === undefined) {
    ctx.issues.push({ code: "custom", message: "missing formatted_address", path: ["formatted_address"], input: w });
    return z.NEVER;
  }
  return value;
}

const errorEnvelope = z.object({
  status: z.literal("Error"),
  message: z.string().nullish(),
  errors: z.unknown().optional(),
});

export type EnvelopeOutcome<T> =
  | { kind: "success"; results: T; message: string | undefined }
  | { kind: "error"; message: string; fieldErrors: Record<string, string[]> }
  | { kind: "invalid"; error: z.ZodError };

// zod compiles an object schema on its first parse: build each success envelope once, not per call.
const successEnvelopes = new WeakMap<z.ZodType, z.ZodType>();
function successEnvelope(results: z.ZodType): z.ZodType {
  let envelope = successEnvelopes.get(results);
  if (!envelope) {
    envelope = z.object({ status: z.literal("Success"), message: z.string().nullish(), results });
    successEnvelopes.set(results, envelope);
  }
  return envelope;
}

/** Reads `{status:"Success",message?,results}` / `{status:"Error",message,errors?}` with `results` checked by `schema`. */
export function readEnvelope<S extends z.ZodType>(body: unknown, schema: S): EnvelopeOutcome<z.output<S>> {
  // Most answers are successes: look at `status` before running the error schema, whose
  // failed parse would build a ZodError on every successful call.
  const failed = (body as { status?: unknown } | null)?.status === "Error" ? errorEnvelope.safeParse(body) : null;
  if (failed?.success) {
    return { kind: "error", message: failed.data.message ?? "", fieldErrors: normaliseErrors(failed.data.errors) };
  }
  const ok = successEnvelope(schema).safeParse(body);
  if (!ok.success) return { kind: "invalid", error: ok.error };
  const data = ok.data as { results: z.output<S>; message?: string | null };
  return { kind: "success", results: data.results, message: data.message ?? undefined };
}

/**
 * The `errors` bag has no documented shape (§2.2). Integrators read it as Laravel's
 * `{field: string | string[]}` [inferred]; anything else is kept under "_" as text.
 */
export function normaliseErrors(errors: unknown): Record<string, string[]> {
  if (errors === undefined || errors === null) return {};
  if (typeof errors === "string") return { _: [errors] };
  if (Array.isArray(errors)) return { _: errors.map(String) };
  if (typeof errors !== "object") return { _: [String(errors)] };
  const out: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(errors)) {
    out[field] = Array.isArray(value) ? value.map(String) : [typeof value === "string" ? value : JSON.stringify(value)];
  }
  return out;
}
