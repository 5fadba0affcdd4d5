import { type ServerType, serve } from "@hono/node-server";
import type { Hono } from "hono";

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves a Hono app on loopback; port 0 picks a free port (tests start many servers). */
// biome-ignore lint/suspicious/noExplicitAny: serves either simulator's app, whose env types differ
export function listen(app: Hono<any>, { port = 0, host = "127.0.0.1" }: { port?: number; host?: string } = {}): Promise<Listening> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const onError = (e: Error) => reject(e);
    server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      server.off("error", onError);
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            if ("closeAllConnections" in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once("error", onError);
  });
}
