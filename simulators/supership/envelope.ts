import type { Context, ErrorHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The `{status, message, results | errors}` envelope (docs §2.2) and the simulator's error
 * answers. Real HTTP codes and bodies are undocumented (§8); these follow the §8 simulator advice.
 */

export type ErrorBag = Record<string, string[]>;

/** Raised when a route must answer with the Error envelope; the app's onError renders it. */
export class SsHttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly errors?: ErrorBag,
  ) {
    super(message);
  }
}

/** §8: Laravel's "Unauthenticated." wrapped in the envelope, no `errors`. */
export const unauthenticated = () => new SsHttpError(401, "Unauthenticated.");

export function notFound(message: string, field?: string, value?: string): SsHttpError {
  return new SsHttpError(404, message, field ? { [field]: [value ?? message] } : undefined);
}

/** 422 whose message is the first field error, Laravel style. */
export function invalid(errors: ErrorBag): SsHttpError {
  const first = Object.values(errors)[0]?.[0] ?? "Dữ liệu không hợp lệ.";
  return new SsHttpError(422, first, errors);
}

export function invalidField(field: string, message: string): SsHttpError {
  return invalid({ [field]: [message] });
}

/** Success envelope; `message` only where the docs show one. */
export function ok(c: Context, results: unknown, message?: string) {
  return c.json(message === undefined ? { status: "Success", results } : { status: "Success", message, results });
}

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof SsHttpError) {
    const body = err.errors ? { status: "Error", message: err.message, errors: err.errors } : { status: "Error", message: err.message };
    return c.json(body, err.status);
  }
  return c.json({ status: "Error", message: "Lỗi hệ thống, vui lòng thử lại sau." }, 500);
};
