import { z } from "zod";
import { parseInput } from "./request.js";

/**
 * OAuth step 2 (accessToken page, DOC): the merchant's browser goes to
 * `https://app.hypersku.com/application/auth?clientId&scope&redirectUri&state`, all four
 * required, camelCase. Pure: no HTTP. The caller keeps `state` and checks it on the callback.
 */

const AUTHORIZE_PATH = "/application/auth";

const AuthorizeUrlInput = z.object({
  /** The authorize page (HYPERSKU_AUTHORIZE_URL), or just its origin: the DOC path is then added. */
  authorizeBaseUrl: z.url(),
  clientId: z.string().min(1),
  /** "oms" is the only scope the docs name. */
  scope: z.string().min(1).default("oms"),
  /** Must equal the callback registered with HyperSKU, character for character. */
  redirectUri: z.url(),
  state: z.string().min(8),
});

export type AuthorizeUrlOptions = z.input<typeof AuthorizeUrlInput>;

export function authorizeUrl(options: AuthorizeUrlOptions): string {
  const { authorizeBaseUrl, clientId, scope, redirectUri, state } = parseInput("authorizeUrl", AuthorizeUrlInput, options);
  const url = new URL(authorizeBaseUrl);
  if (url.pathname === "/" || url.pathname === "") url.pathname = AUTHORIZE_PATH;
  for (const [k, v] of Object.entries({ clientId, scope, redirectUri, state })) url.searchParams.set(k, v);
  return url.toString();
}
