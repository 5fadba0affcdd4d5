import type { Context } from "hono";
import type { SimEnv } from "../auth.js";
import { BUSINESS_CODES, TOKEN_CODES } from "../contract/codes.js";
import { findAccountByLogin } from "../demo.js";
import { fail, invalid, ok, readBody } from "../envelope.js";
import { LoginReqDto, OAuth2AccesTokenReq, OAuth2RefreshTokenReq } from "../schemas/auth.js";
import { provide, type RouteDeps } from "./register.js";

/**
 * getToken (username/password) and the OAuth token endpoints (hypersku-api.md §3.1). Wrong
 * credentials on getToken are 60002, keeping 4010x for "token invalid". The OAuth endpoints
 * answer the BARE OAuth2TokenVo, as the accessToken page's example shows (DOC), and fail with
 * the envelope: 40131 client credentials, 60025 authorization code, 40102 refresh token.
 *
 * When `state.tokenAuthorization` is set, all three also need `Authorization: <that value>`
 * (the accessToken page's "API Key" header box [DOC], 3P's `Authorization: <apiKey>` on getToken,
 * addendum #1, #2). Missing or wrong, they answer HTTP 401, one of the page's listed responses;
 * its body was not visible, so the envelope-like `{status: 401, message}` is ours.
 */
export function authRoutes(deps: RouteDeps, apps: ReadonlyArray<{ clientId: string; clientSecret: string }>): void {
  const appRefused = (c: Context<SimEnv>) => {
    const required = deps.state.tokenAuthorization;
    if (required === null || c.req.header("authorization") === required) return null;
    return c.json({ status: 401, message: "Authorization (the app's API key) missing or invalid" }, 401);
  };
  const clientOk = (clientId: string, clientSecret: string) => apps.some((a) => a.clientId === clientId && a.clientSecret === clientSecret);
  const badClient = () => fail(TOKEN_CODES.clientInvalid, "client credentials invalid");

  provide(deps, "getToken", async (c) => {
    const refused = appRefused(c);
    if (refused) return refused;
    const body = await readBody(c, LoginReqDto);
    if (!body.ok) return c.json(body.error);
    const account = findAccountByLogin(body.value.username, body.value.password);
    if (!account) return c.json(invalid("username or password incorrect"));
    c.set("simAccount", account.accountId);
    return c.json(ok(deps.state.auth.issueAccess(account.accountId)));
  });

  provide(deps, "accessToken", async (c) => {
    const refused = appRefused(c);
    if (refused) return refused;
    const body = await readBody(c, OAuth2AccesTokenReq);
    if (!body.ok) return c.json(body.error);
    const { clientId, clientSecret, code, redirectUri } = body.value;
    if (!clientOk(clientId, clientSecret)) return c.json(badClient());
    const tokens = deps.state.auth.redeemCode(code, clientId, redirectUri);
    if (!tokens) return c.json(fail(BUSINESS_CODES.invalidAuthorizationCode, "authorization code invalid, used or expired"));
    c.set("simAccount", tokens.userId);
    return c.json(tokens);
  });

  provide(deps, "refreshToken", async (c) => {
    const refused = appRefused(c);
    if (refused) return refused;
    const body = await readBody(c, OAuth2RefreshTokenReq);
    if (!body.ok) return c.json(body.error);
    const { clientId, clientSecret, refreshToken } = body.value;
    if (!clientOk(clientId, clientSecret)) return c.json(badClient());
    const tokens = deps.state.auth.rotate(refreshToken, clientId);
    if (!tokens) return c.json(fail(TOKEN_CODES.userTokenInvalid, "refresh token invalid"));
    c.set("simAccount", tokens.userId);
    return c.json(tokens);
  });
}
