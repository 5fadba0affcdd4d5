import { z } from "zod";
import { Int } from "./common.js";

/** Register (§5 A1) and the partner password grant (§3.2), requests and `results`. */

export const RegisterRequest = z.strictObject({
  project: z.string(),
  name: z.string(),
  phone: z.string(),
  email: z.string(),
  password: z.string(),
  partner: z.string(),
});

export const LoginRequest = z.strictObject({
  client_id: z.string(),
  client_secret: z.string(),
  username: z.string(),
  password: z.string(),
  partner: z.string(),
});

/** §3.2: three fields; `refresh_token` only in the older VN docs snapshot (legacy, optional). */
export const AccessToken = z.looseObject({
  token_type: z.literal("Bearer"),
  expires_in: Int,
  access_token: z.string().min(1),
  refresh_token: z.string().optional(),
});

/** §5 A1: the echo of the input plus the shop code (example only), referral and a token. */
export const RegisteredAccount = AccessToken.extend({
  code: z.string().regex(/^S\d{6}$/),
  project: z.string(),
  name: z.string(),
  phone: z.string(),
  email: z.string(),
  referral: z.string(),
});

/** §5 B1–B3: codes are strings; district and commune rows name their parents, not code them. */
export const Province = z.looseObject({ code: z.string(), name: z.string() });
export const District = Province.extend({ province: z.string() });
export const Commune = District.extend({ district: z.string() });
