import { z } from "zod";

/** Account endpoints: register (A1) and the partner password grant (A2, §3.2). */

const required = z.string().min(1);

export const RegisterInput = z.object({
  /** Shop / company name. */
  project: required,
  /** Representative's full name. */
  name: required,
  phone: required,
  /** Becomes the login username. */
  email: z.email(),
  password: required,
  /** Partner secret code: registration through the API is for partners only. */
  partner: required,
});
export type RegisterInput = z.input<typeof RegisterInput>;

export const LoginInput = z
  .object({
    clientId: required,
    clientSecret: required,
    /** The merchant account's email. */
    username: required,
    password: required,
    /** Partner secret code ("Mã Bí Mật"). */
    partner: required,
  })
  .transform((i) => ({
    client_id: i.clientId,
    client_secret: i.clientSecret,
    username: i.username,
    password: i.password,
    partner: i.partner,
  }));
export type LoginInput = z.input<typeof LoginInput>;

const tokenFields = {
  token_type: z.string(),
  expires_in: z.number().int().nonnegative(),
  access_token: z.string().min(1),
};

export const AccessToken = z
  .object({
    ...tokenFields,
    /** Only in the older VN docs; no refresh endpoint is documented (§3.2). */
    refresh_token: z.string().optional(),
  })
  .transform((w) => ({
    tokenType: w.token_type,
    expiresIn: w.expires_in,
    accessToken: w.access_token,
    refreshToken: w.refresh_token,
  }));
export type AccessTokenResult = z.output<typeof AccessToken>;

export const RegisteredAccount = z
  .object({
    /** New shop code, e.g. S748146; only in the docs example, not the field table. */
    code: z.string().optional(),
    project: z.string(),
    name: z.string(),
    phone: z.string(),
    email: z.string(),
    referral: z.string().optional(),
    ...tokenFields,
  })
  .transform((w) => ({
    shopCode: w.code,
    project: w.project,
    name: w.name,
    phone: w.phone,
    email: w.email,
    referral: w.referral,
    tokenType: w.token_type,
    expiresIn: w.expires_in,
    accessToken: w.access_token,
  }));
export type RegisteredAccountResult = z.output<typeof RegisteredAccount>;
