import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { MetricsPortError } from "./MetricsPortError.ts";

export type Health = { ok: boolean; [k: string]: unknown };

export type MetricsServer = { server: Server; port: number; url: string; close: () => Promise<void> };

/**
 * Serves `/metrics` (Prometheus text) and `/health` (JSON; 200 when ok, 503 otherwise) on 127.0.0.1 only.
 * Port 0 picks a free port.
 */
export async function startMetricsServer(
  registry: Pick<Registry, "metrics" | "contentType">,
  health: () => Health,
  port: number,
): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const url = req.url?.split("?")[0];
    if (req.method !== "GET") {
      res.writeHead(405).end();
      return;
    }
    if (url === "/metrics") {
      registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
        (error: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(String(error)),
      );
      return;
    }
    if (url === "/health") {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(h));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) => reject(new MetricsPortError(port, e)));
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
