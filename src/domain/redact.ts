/**
 * Redaction for anything that may reach a log line or an error: URLs keep their shape but
 * lose the values of secret-looking parameters; free text loses every known secret value.
 */

const SECRET_PARAM =
  /^(access_?token|refresh_?token|token|id_?token|client_?secret|secret|password|passwd|api_?key|apikey|partner|signature|sig|state|code_?verifier|authorization)$/i;

export const REDACTED = "[REDACTED]";

export function redactUrl(raw: string | URL): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return REDACTED;
  }
  // The common case (runs once per provider call): nothing to hide, so no rewriting.
  if (!url.username && !url.password && ![...url.searchParams.keys()].some((k) => SECRET_PARAM.test(k))) return url.href;
  url.username = url.username ? REDACTED : "";
  url.password = url.password ? REDACTED : "";
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(key)) url.searchParams.set(key, REDACTED);
  }
  return url.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/** Replaces each occurrence of each secret (ignoring values too short to be secrets) in a text. */
export function redactText(text: string, secrets: Iterable<string | null | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 6) out = out.split(s).join(REDACTED);
  }
  return out;
}

/** Header names whose values are never logged. */
export const SECRET_HEADERS = ["authorization", "cookie", "set-cookie", "x-api-key", "x-hypersku-token", "x-supership-token", "x-subgraph-secret"];
