import type { Context } from "hono";
import { type ErrorBag, invalid, invalidField } from "./envelope.js";

/**
 * Lenient request reading (docs §2.3: the docs' own examples send numbers as strings and one
 * client sends `service` as a number), with Laravel-style error collection per field.
 */

export const VN_PHONE = /^0\d{9}$/;

/** JSON body (or a form body); a body that is not JSON answers 422. */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header("content-type") ?? "";
  if (type.includes("form")) return (await c.req.parseBody()) as Record<string, unknown>;
  const raw = await c.req.text();
  if (raw.trim() === "") return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw invalidField("body", "Dữ liệu gửi lên không phải JSON hợp lệ.");
}

interface Rule {
  required?: boolean;
}

/** Reads fields off one request source and collects every error before answering. */
export class Fields {
  readonly errors: ErrorBag = {};

  constructor(readonly src: Record<string, unknown>) {}

  fail(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  has(field: string): boolean {
    return this.text(field) !== "";
  }

  text(field: string, { required = false }: Rule = {}): string {
    const v = this.src[field];
    const s = typeof v === "string" ? v.trim() : typeof v === "number" && Number.isFinite(v) ? String(v) : "";
    if (required && s === "") this.fail(field, `Trường ${field} không được bỏ trống.`);
    return s;
  }

  int(field: string, { required = false, min, max }: Rule & { min?: number; max?: number } = {}): number | null {
    const s = this.text(field, { required });
    if (s === "") return null;
    const n = Number(s);
    if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(n)) return (this.fail(field, `Trường ${field} phải là số nguyên.`), null);
    if (min !== undefined && n < min) return (this.fail(field, `Trường ${field} phải lớn hơn hoặc bằng ${min}.`), null);
    if (max !== undefined && n > max) return (this.fail(field, `Trường ${field} không được lớn hơn ${max}.`), null);
    return n;
  }

  oneOf<T extends string>(field: string, values: readonly T[], rule: Rule = {}): T | null {
    const s = this.text(field, rule);
    if (s === "") return null;
    if (!(values as readonly string[]).includes(s)) return (this.fail(field, `Trường ${field} không hợp lệ.`), null);
    return s as T;
  }

  phone(field: string, rule: Rule = {}): string {
    const s = this.text(field, rule).replace(/[\s.-]/g, "");
    if (s !== "" && !VN_PHONE.test(s)) this.fail(field, `Trường ${field} không phải số điện thoại hợp lệ.`);
    return s;
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  throwIfInvalid(): void {
    if (!this.ok) throw invalid(this.errors);
  }
}
