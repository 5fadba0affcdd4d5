import { serve } from "@hono/node-server";
import { ConfigError } from "../config.js";
import type { Logger } from "../logger.js";

/**
 * Listening and draining, shared by the production entry (src/server.ts) and the demo
 * (src/demo/index.ts), so both stop the same way: on SIGTERM/SIGINT the server stops
 * accepting, idle keep-alive sockets close at once, in-flight requests finish, then `close`
 * releases the rest (store, simulators). A drain that hangs is cut off after DRAIN_LIMIT_MS.
 */

const DRAIN_LIMIT_MS = 10_000;

export interface ListenOptions {
  fetch: (req: Request) => Response | Promise<Response>;
  port: number;
  hostname: string;
  logger: Logger;
  /** Runs after the last in-flight request finished. */
  close: () => Promise<void>;
}

/** Resolves with the bound port once listening; the process exits when the drain is done. */
export async function listenAndDrain({ fetch, port, hostname, logger, close }: ListenOptions): Promise<{ port: number }> {
  const bound = await new Promise<number>((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info) => resolve(info.port));
    server.once("error", reject);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "draining in-flight requests");
      const force = setTimeout(() => process.exit(1), DRAIN_LIMIT_MS).unref();
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
