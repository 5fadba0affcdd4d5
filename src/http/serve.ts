import { serve } from "@hono/node-server";
import { ConfigError } from "../config.js";
import type { Logger } from "../logger.js";

/**
 * Listening and draining, shared by the production entry (src/server.ts) and the demo
 * (src/demo/index.ts), so both stop the same way. On SIGTERM/SIGINT: `drain` runs (the app's
 * /readyz turns 503), the server stops accepting, idle keep-alive sockets close at once, and
 * every answer from then on carries `Connection: close`, so a kept-alive client cannot keep a
 * socket (and the process) open by sending more. Once the in-flight requests finished, `close`
 * releases the rest (store, simulators) and the process exits 0; a drain still running after
 * `graceMs` (SHUTDOWN_GRACE_MS) is cut off with exit code 1. docs/decisions/024-drain-and-store-unavailable.md
 */

export interface ListenOptions {
  fetch: (req: Request) => Response | Promise<Response>;
  port: number;
  hostname: string;
  logger: Logger;
  /** SHUTDOWN_GRACE_MS: the longest a drain may take before the process exits 1. */
  graceMs: number;
  /** Runs when the signal arrives, before the server stops accepting (the app's readiness turns 503). */
  drain?: () => void;
  /** Runs after the last in-flight request finished. */
  close: () => Promise<void>;
}

/** Resolves with the bound port once listening; the process exits when the drain is done. */
export async function listenAndDrain({ fetch, port, hostname, logger, graceMs, drain, close }: ListenOptions): Promise<{ port: number }> {
  let stopping = false;
  const answer = async (req: Request): Promise<Response> => {
    const res = await fetch(req);
    if (!stopping) return res;
    // Node ends the socket after this answer. Set on the response itself: @hono/node-server's
    // lightweight Response copied with `new Response(body, res)` keeps only the headers it was
    // created with, losing those middleware added (request id, security headers). Only an
    // immutable one is copied, with its headers read out.
    try {
      res.headers.set("connection", "close");
      return res;
    } catch {
      const headers = new Headers(res.headers);
      headers.set("connection", "close");
      return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
    }
  };
  const bound = await new Promise<number>((resolve, reject) => {
    const server = serve({ fetch: answer, port, hostname }, (info) => resolve(info.port));
    server.once("error", reject);
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      drain?.();
      logger.info({ signal, graceMs }, "draining in-flight requests");
      const force = setTimeout(() => {
        logger.warn({ graceMs }, "drain not done within SHUTDOWN_GRACE_MS: exiting with requests still running");
        process.exit(1);
      }, graceMs).unref();
      server.close(async () => {
        await close();
        clearTimeout(force);
        process.exit(0);
      });
      if ("closeIdleConnections" in server) server.closeIdleConnections();
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
  logger.debug({ port: bound }, "listening");
  return { port: bound };
}

/** One banner row: a label and its value; `false` rows (something not served) are left out. */
export type BannerRow = readonly [label: string, value: string] | false;

/**
 * What an entry prints once listening: the URL, then one row per thing actually served (the
 * GraphiQL row only when GRAPHIQL is on: the page answers 406 otherwise). A row with an empty
 * label continues the one above it.
 */
export function banner(publicUrl: string, rows: ReadonlyArray<BannerRow>): string {
  const lines = [`Fulfillment Graph listening on ${publicUrl}`];
  for (const row of rows) if (row) lines.push(`  ${(row[0] ? `${row[0]}:` : "").padEnd(21)}${row[1]}`);
  return `${lines.join("\n")}\n`;
}

/** Runs an entry's main; a configuration error prints its message alone, anything else its stack. */
export function runEntry(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
