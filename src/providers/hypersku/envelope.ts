import type { z } from "zod";
import { withoutStack } from "../../domain/errors.js";
import {
  type CallInfo,
  ProviderClientCredentialsError,
  ProviderCredentialsRejectedError,
  ProviderHttpError,
  ProviderRejectedError,
  ProviderSchemaError,
} from "../../domain/provider-errors.js";
import type { HttpResponse } from "../http.js";
import { CLIENT_INVALID_CODE, REAUTH_CODES, TOKEN_ENDPOINTS } from "./endpoints.js";
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
  const tokenCall = TOKEN_ENDPOINTS.includes(call.endpoint);
  if (res.status === 401 || res.status === 403) {
    if (tokenCall) throw clientCredentialsRejected(call, String(res.status), "");
    throw new ProviderCredentialsRejectedError(call, `HTTP ${res.status}`);
  }
  if (res.status < 200 || res.status >= 300) throw new ProviderHttpError(call, res.status);

  const body = res.body;
  if (isBare(body, bareWhen)) return parseData(res, data, body);

  const envelope = BaseResponse.safeParse(body);
  if (!envelope.success) throw new ProviderSchemaError(call, "response is not a HyperSKU envelope", envelope.error);
  const { status, message, msg, rel, success, result } = envelope.data;
  const text = message ?? msg ?? "";
  // `rel`, `success` or `result` false is a failure whatever the status says (the third-party client's test, addendum #4).
  const refused = rel === false || success === false || result === false;
  if (successCodes.includes(status) && !refused) return parseData(res, data, envelope.data.data);
  if (tokenCall && status === CLIENT_INVALID_CODE) throw clientCredentialsRejected(call, String(status), text);
  if (reauthCodes.includes(status)) throw new ProviderCredentialsRejectedError(call, `${status} ${text}`.trim());
  throw withoutStack(() => new ProviderRejectedError(call, String(status), text));
}

/** Our app's own credentials were refused at a token endpoint: a configuration problem, not the merchant's. */
function clientCredentialsRejected(call: CallInfo, code: string, text: string): ProviderClientCredentialsError {
  return withoutStack(
    () =>
      new ProviderClientCredentialsError(
        call,
        code,
        text,
        "HyperSKU refused this app's own credentials: check HYPERSKU_CLIENT_ID / HYPERSKU_CLIENT_SECRET and the token endpoints' API key; the merchant does not need to re-authorize",
      ),
  );
}

function parseData<S extends z.ZodType>(res: HttpResponse, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProviderSchemaError(res.call, "response data does not match the expected schema", parsed.error);
  return parsed.data;
}

function isBare(body: unknown, fields: readonly string[]): body is Record<string, unknown> {
  return typeof body === "object" && body !== null && !Array.isArray(body) && fields.some((f) => f in body);
}
