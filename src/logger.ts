import { type DestinationStream, type Logger, pino } from "pino";
import { SECRET_HEADERS } from "./domain/redact.js";

export type { Logger };

/**
 * The one logger factory. Secret-bearing fields are censored by path as a second line of
 * defence; the first is that no code logs a token, header map or request body at all.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const headerPaths = SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `headers["${h}"]`]);
  return pino(
    {
      level: options.level ?? "info",
      redact: {
        paths: [
          ...headerPaths,
          "*.accessToken",
          "*.refreshToken",
          "*.access_token",
          "*.refresh_token",
          "*.password",
          "*.clientSecret",
          "*.client_secret",
          "*.token",
          "accessToken",
          "refreshToken",
          "password",
          "token",
        ],
        censor: "[REDACTED]",
      },
    },
    options.destination,
  );
}
