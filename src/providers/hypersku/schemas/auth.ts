import { z } from "zod";
import { Count, Id } from "./shared.js";

/** Authentication bodies (hypersku-api.md §3). */

export const LoginReqDto = z.object({ username: z.string().min(1), password: z.string().min(1) });

/** LoginResDto: fields not found; 3P reads token|accessToken, the internal API returns a bare string. */
export const LoginResDto = z.union([
  z
    .string()
    .min(1)
    .transform((token) => ({ accessToken: token, expiresIn: null as number | null })),
  z
    .object({ token: z.string().min(1).optional(), accessToken: z.string().min(1).optional(), expiresIn: Count.nullish() })
    .refine((v) => v.token ?? v.accessToken, "token missing")
    .transform((v) => ({ accessToken: (v.accessToken ?? v.token) as string, expiresIn: v.expiresIn ?? null })),
]);
export type LoginResDto = z.output<typeof LoginResDto>;

export const OAuth2AccesTokenReq = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  code: z.string().min(1),
  redirectUri: z.string().min(1),
  grantType: z.literal("authorization_code"),
});

export const OAuth2RefreshTokenReq = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshToken: z.string().min(1),
  grantType: z.literal("refresh_token"),
});

/** OAuth2TokenVo, DOC (response example on the accessToken page). Lifetimes in seconds. */
export const OAuth2TokenVo = z.object({
  accessToken: z.string().min(1),
  expiresIn: Count,
  refreshToken: z.string().min(1),
  refreshTokenExpireIn: Count.nullish(),
  scope: z.string().nullish(),
  userId: Id.nullish(),
});
export type OAuth2TokenVo = z.output<typeof OAuth2TokenVo>;
