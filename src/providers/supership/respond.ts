import type { z } from "zod";
import {
  ProviderBusinessError,
  ProviderHttpError,
  ProviderSchemaError,
  ReauthorizationRequiredError,
  withoutStack,
} from "../errors.js";
import type { HttpResponse } from "../http.js";
import { readEnvelope } from "./schemas.js";

/**
 * Turns a transport response (any HTTP code; 429/5xx already thrown by the transport) into
 * the endpoint's typed results or one typed error. The JSON is read whatever the status,
 * because SuperShip reports failures in the envelope (reference §8).
 */
export function toResults<S extends z.ZodType>(res: HttpResponse, schema: S): z.output<S> {
  const { status, body, call } = res;
  // The 401 body may be Laravel's bare {"message":"Unauthenticated."} [inferred, §8]: decide on the code.
  if (status === 401 || status === 403) {
    throw new ReauthorizationRequiredError(call, `credentials rejected (HTTP ${status})`);
  }
  const outcome = readEnvelope(body, schema);
  if (outcome.kind === "error") {
    throw withoutStack(() => new ProviderBusinessError(call, String(status), outcome.message, outcome.fieldErrors));
  }
  if (status < 200 || status >= 300) throw new ProviderHttpError(call, status);
  if (outcome.kind === "invalid") {
    throw new ProviderSchemaError(call, "response does not match the expected schema", outcome.error);
  }
  return outcome.results;
}
