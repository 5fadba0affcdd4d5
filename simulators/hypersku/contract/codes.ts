/**
 * Envelope status codes the simulator answers with (hypersku-api.md §5.1, §5.2). The real
 * catalogue was not found: the 4xxxx codes are the AG-Admin framework's [FW], 40101 also seen
 * on HyperSKU's internal API [INT]; the 6xxxx business codes are the simulator's own choice,
 * which §5.2 invites ("simulate them as {status: 6xxxx, message} on HTTP 200").
 */

/** §5.1: 200 is success in AG-Admin; 0 is what [3P] expects. The simulator answers 200. */
export const SUCCESS = 200;

export const TOKEN_CODES = {
  /** §3.3 [INT]: a bad or expired business token. */
  tokenInvalid: 40101,
  /** §5.2 [FW]: user token invalid; used for a bad refresh token. */
  userTokenInvalid: 40102,
  /** §5.2 [FW]: client token invalid; used for wrong OAuth client credentials. */
  clientInvalid: 40131,
} as const;

export const BUSINESS_CODES = {
  invalidRequest: 60002,
  notFound: 60004,
  statusForbidsChange: 60010,
  /** Listed among the accessToken page's responses [DOC seed page]; meaning unknown (§5.2), read as "code invalid or used". */
  invalidAuthorizationCode: 60025,
} as const;
