import type { z } from "zod";
import { type HyperskuCaller, parseInput } from "./request.js";
import { OAuth2RefreshTokenReq, OAuth2TokenVo } from "./schemas/auth.js";

/**
 * Trade a refresh token for a new token pair (refreshToken, method DOC, path and fields
 * inferred). The answer carries a new refresh token: store it, the old one may be spent.
 * 40101/40102 here mean the refresh token itself is dead: ProviderCredentialsRejectedError, and
 * the merchant has to go through the authorize page again.
 */

export type RefreshTokenInput = Omit<z.input<typeof OAuth2RefreshTokenReq>, "grantType">;

export async function refreshToken(call: HyperskuCaller, input: RefreshTokenInput): Promise<OAuth2TokenVo> {
  const body = parseInput("refreshToken", OAuth2RefreshTokenReq, { ...input, grantType: "refresh_token" });
  return call("refreshToken", { body, data: OAuth2TokenVo, extra: { bareWhen: ["accessToken"] } });
}
