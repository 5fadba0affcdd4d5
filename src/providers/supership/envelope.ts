import type { z } from "zod";
import { withoutStack } from "../../domain/errors.js";
import { ProviderCredentialsRejectedError, ProviderHttpError, ProviderRejectedError, ProviderSchemaError } from "../../domain/provider-errors.js";
import type { HttpResponse } from "../http.js";
import { readEnvelope } from "./schemas/shared.js";

/**
 * Turns a transport response (any HTTP code; 429/5xx already thrown by the transport) into
 * the endpoint's typed results or one typed error. The JSON is read whatever the status,
 * because SuperShip reports failures in the envelope (reference §8).
 */
export function toResults<S extends z.ZodType>(res: HttpResponse, schema: S): z.output<S> {
  const { status, body, call } = res;
  // The 401 body may be Laravel's bare {"message":"Unauthenticated."} [inferred, §8]: decide on the code.
  if (status === 401 || status === 403) {
    throw new ProviderCredentialsRejectedError(call, `credentials rejected (HTTP ${status})`);
  }
  const outcome = readEnvelope(body, schema);
  if (outcome.kind === "error") {
    throw withoutStack(() => new ProviderRejectedError(call, String(status), outcome.message, outcome.fieldErrors));
  }
  if (status < 200 || status >= 300) throw new ProviderHttpError(call, status);
  if (outcome.kind === "invalid") {
    throw new ProviderSchemaError(call, "response does not match the expected schema", outcome.error);
  }
  return outcome.results;
}

/** SuperShip answers an unknown code or soc, or another shop's order, with HTTP 404 and the Error envelope (§8). */
export function isSupershipNotFound(e: unknown): e is ProviderRejectedError {
  return e instanceof ProviderRejectedError && e.provider === "supership" && e.providerCode === "404";
}
