import type { z } from "zod";
import type { ProviderName } from "../domain/errors.js";
import { InvalidProviderInputError } from "../domain/provider-errors.js";

/** Parses a client method's input with its schema; a failure throws before any HTTP call. */
export function parseProviderInput<S extends z.ZodType>(provider: ProviderName, endpoint: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw InvalidProviderInputError.fromZod(provider, endpoint, parsed.error);
  return parsed.data;
}
