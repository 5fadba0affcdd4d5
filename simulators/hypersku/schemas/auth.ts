import { z } from "zod";
import { Count } from "./common.js";

/**
 * Authentication bodies (hypersku-api.md §3.1, §4.1–§4.3, addendum #1–#3). Only the
 * OAuth2TokenVo shape is [DOC] (the accessToken page's response example); the request fields
 * are [3P] for getToken and [INF] for the OAuth bodies.
 */

/** getToken body [3P]: `{username, password}`. */
export const LoginReqDto = z.strictObject({ username: z.string().min(1), password: z.string().min(1) });

/**
 * LoginResDto: fields not found. The [3P] fixture (addendum #3) answers bare
 * `{status: 0, token, expiresIn}`; the simulator answers `{status: 200, data: {token, expiresIn}}`
 * (its behaviour before this schema existed). Both carry `token`; `expiresIn` is seconds.
 */
export const LoginResDto = z.looseObject({ token: z.string().min(1), expiresIn: Count.optional() });

/**
 * OAuth2AccesTokenReq (typo [DOC]): fields not found; §3.1 infers clientId, clientSecret, code,
 * "maybe redirectUri", "maybe grantType". The simulator binds a code to its redirect URI, so it
 * keeps redirectUri required (its behaviour so far); grantType is optional, as the doc's "maybe".
 */
export const OAuth2AccesTokenReq = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  code: z.string().min(1),
  redirectUri: z.string().min(1),
  grantType: z.literal("authorization_code").optional(),
});

/** OAuth2RefreshTokenReq: [INF] clientId, clientSecret, refreshToken (§3.1); grantType as above. */
export const OAuth2RefreshTokenReq = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshToken: z.string().min(1),
  grantType: z.literal("refresh_token").optional(),
});

/**
 * OAuth2TokenVo [DOC]: exactly the six fields of the accessToken page's example, which types
 * the lifetimes as numbers and `userId` as a string. The example is bare, not enveloped.
 */
export const OAuth2TokenVo = z.looseObject({
  accessToken: z.string(),
  expiresIn: Count,
  refreshToken: z.string(),
  refreshTokenExpireIn: Count,
  scope: z.string(),
  userId: z.string(),
});
