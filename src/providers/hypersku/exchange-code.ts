import type { z } from "zod";
import { type HyperskuCaller, parseInput } from "./request.js";
import { OAuth2AccesTokenReq, OAuth2TokenVo } from "./schemas/auth.js";

/**
 * OAuth step 3 (accessToken page, DOC): swap the one-time `code` from the authorize redirect
 * for tokens. Body fields and `grantType` are inferred; the answer may be a bare
 * `OAuth2TokenVo` (the page's example) or enveloped. A used or unknown code is a business
 * error (60025 in the simulator), not a reauthorization.
 */

export type ExchangeCodeInput = Omit<z.input<typeof OAuth2AccesTokenReq>, "grantType">;

export async function exchangeCode(call: HyperskuCaller, input: ExchangeCodeInput): Promise<OAuth2TokenVo> {
  const body = parseInput("accessToken", OAuth2AccesTokenReq, { ...input, grantType: "authorization_code" });
  return call("accessToken", { body, data: OAuth2TokenVo, extra: { bareWhen: ["accessToken"] } });
}
