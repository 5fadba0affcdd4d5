// The container's HEALTHCHECK (Dockerfile) and .ci/run's production-start poll: exit 0 when this
// machine's server answers GET /healthz with 2xx, 1 otherwise. Plain Node (the slim image has no
// curl). It reads PORT and HOST as the server does, `.env` in the current directory included
// (variables already set win, as in src/config.ts's loadDotEnv), so both agree on where to ask.
// Usage: node scripts/healthcheck.mjs
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
const port = process.env.PORT || "4000"; // src/config.ts's default; the image sets PORT anyway
const host = process.env.HOST || "127.0.0.1";
// A wildcard listen address (the image's HOST=0.0.0.0) is reached on loopback.
const target = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;

try {
  const res = await fetch(`http://${target}:${port}/healthz`, { signal: AbortSignal.timeout(4_000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
