import type { Context } from "hono";
import type { z } from "zod";
import { BUSINESS_CODES, SUCCESS, TOKEN_CODES } from "./contract/codes.js";

/**
 * The AG-Admin envelope (hypersku-api.md §5.1): business outcomes always travel on HTTP 200,
 * success as `status: 200`, failures as `{status: <code>, message, rel: false}`.
 */

export type Envelope = { status: number; message: string; rel?: boolean; data?: unknown };

export const ok = (data: unknown): Envelope => ({ status: SUCCESS, message: "success", rel: true, data });

/** TableResultResponse«T»: `{status, message, data: {total, rows}}`. */
export const table = (total: number, rows: unknown[]): Envelope => ({ status: SUCCESS, message: "success", data: { total, rows } });

export const fail = (status: number, message: string): Envelope => ({ status, message, rel: false });

export const tokenInvalid = (): Envelope => ({ status: TOKEN_CODES.tokenInvalid, message: "token invalid or expired" });

export const invalid = (message: string) => fail(BUSINESS_CODES.invalidRequest, `invalid request: ${message}`);
export const notFound = (what: string) => fail(BUSINESS_CODES.notFound, `${what} not found`);
export const statusForbids = (status: number, action: string) => fail(BUSINESS_CODES.statusForbidsChange, `order status ${status} does not allow ${action}`);

/** A paging slice; `page` is 1-based (§5.3). */
export function paginate<T>(rows: readonly T[], page: number, limit: number): T[] {
  return rows.slice((page - 1) * limit, page * limit);
}

/** Parses a JSON body against the simulator's own request schema (schemas/); a mismatch is 60002, not HTTP 400. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<{ ok: true; value: z.output<S> } | { ok: false; error: Envelope }> {
  let raw: unknown;
  try {
    raw = parseJson(await c.req.text());
  } catch {
    return { ok: false, error: invalid("body is not JSON") };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: invalid(issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "bad body") };
}

/**
 * JSON.parse, except that an integer too long for a JS number (a 19-digit id sent bare, as the
 * [3P] client sends ids, §8) is read as its digits, a string, as a Java server would read it exactly.
 */
function parseJson(text: string): unknown {
  const exact = text.replace(/"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g, (m) => (m.startsWith('"') || Number.isSafeInteger(Number(m)) ? m : `"${m}"`));
  return JSON.parse(exact);
}

/**
 * Breaks a valid body so that our schemas reject it (the control's "schema" fault): paged rows
 * become a string, other data a number, a bare OAuth token loses its string token, and anything
 * else gets a non-numeric status.
 */
export function corrupt(body: unknown): unknown {
  if (!isRecord(body)) return { status: "corrupted" };
  const data = body.data;
  if (isRecord(data) && "rows" in data) return { ...body, data: { ...data, rows: "corrupted" } };
  if (typeof data === "object" && data !== null) return { ...body, data: 12345 };
  if ("accessToken" in body) return { ...body, accessToken: 12345, expiresIn: "soon" };
  return { ...body, status: "corrupted" };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
