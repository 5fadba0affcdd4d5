import type { z } from "zod";
import { withoutStack } from "../../domain/errors.js";
import { ProviderCredentialsRejectedError, ProviderHttpError, ProviderRejectedError, ProviderSchemaError } from "../../domain/provider-errors.js";
import type { HttpResponse } from "../http.js";
import { REAUTH_CODES } from "./endpoints.js";
import { BaseResponse } from "./schemas/shared.js";

/**
 * HyperSKU's AG-Admin envelope, handled in this one place (hypersku-api.md §5.1): errors
 * arrive on HTTP 200 with a non-success `status`, so the body decides, not the HTTP status.
 * The transport has already turned 429/5xx, timeouts and network failures into errors.
 */

export interface EnvelopeOptions {
  /** Envelope `status` values that mean success (200 per AG-Admin, 0 per third-party code). */
  successCodes: readonly number[];
  /**
   * The response may also be the bare data object, recognised by one of these top-level
   * fields: the accessToken page's example is a bare `OAuth2TokenVo` (DOC).
   */
  bareWhen?: readonly string[];
}

const reauthCodes: readonly number[] = REAUTH_CODES;

/** Returns the endpoint's `data`, parsed by its schema, or throws the typed error the response means. */
export function unwrapEnvelope<S extends z.ZodType>(res: HttpResponse, data: S, { successCodes, bareWhen = [] }: EnvelopeOptions): z.output<S> {
  const { call } = res;
  if (res.status === 401 || res.status === 403) throw new ProviderCredentialsRejectedError(call, `HTTP ${res.status}`);
  if (res.status < 200 || res.status >= 300) throw new ProviderHttpError(call, res.status);

  const body = res.body;
  if (isBare(body, bareWhen)) return parseData(res, data, body);

  const envelope = BaseResponse.safeParse(body);
  if (!envelope.success) throw new ProviderSchemaError(call, "response is not a HyperSKU envelope", envelope.error);
  const { status, message, msg } = envelope.data;
  if (successCodes.includes(status)) return parseData(res, data, envelope.data.data);
  const text = message ?? msg ?? "";
  if (reauthCodes.includes(status)) throw new ProviderCredentialsRejectedError(call, `${status} ${text}`.trim());
  throw withoutStack(() => new ProviderRejectedError(call, String(status), text));
}

function parseData<S extends z.ZodType>(res: HttpResponse, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProviderSchemaError(res.call, "response data does not match the expected schema", parsed.error);
  return parsed.data;
}

function isBare(body: unknown, fields: readonly string[]): body is Record<string, unknown> {
  return typeof body === "object" && body !== null && !Array.isArray(body) && fields.some((f) => f in body);
}
