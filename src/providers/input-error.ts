import type { z, ZodError } from "zod";
import type { ProviderId } from "./errors.js";

/**
 * Raised before any call when a client method's input fails its zod schema: the request
 * would be malformed, so it is never sent. Issues carry paths and messages only, never the
 * offending values (an input may be a password or a token).
 */
export class InvalidProviderInputError extends Error {
  readonly code = "INVALID_PROVIDER_INPUT";

  constructor(
    readonly provider: ProviderId,
    readonly endpoint: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(`${provider} ${endpoint}: invalid input (${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")})`);
  }

  static fromZod(provider: ProviderId, endpoint: string, error: ZodError): InvalidProviderInputError {
    const issues = error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    return new InvalidProviderInputError(provider, endpoint, issues);
  }

  override get name(): string {
    return "InvalidProviderInputError";
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, provider: this.provider, endpoint: this.endpoint, issues: this.issues };
  }
}

/** Parses a client method's input with its schema; a failure throws before any HTTP call. */
export function parseProviderInput<S extends z.ZodType>(provider: ProviderId, endpoint: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw InvalidProviderInputError.fromZod(provider, endpoint, parsed.error);
  return parsed.data;
}
