import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

type Eip1193 = { request: (args: { method: string; params?: unknown }) => Promise<unknown> };
type Call = { jsonrpc?: string; id?: unknown; method: string; params?: unknown };

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Serves an in-process EIP-1193 provider (e.g. a Hardhat network) as HTTP JSON-RPC on 127.0.0.1, batches
 * included, so the fault proxy and real transports can sit in front of the same chain the test drives.
 */
export async function serveProvider(provider: Eip1193): Promise<{ url: string; close: () => Promise<void> }> {
  const one = async (c: Call) => {
    try {
      const result = await provider.request({
        method: c.method,
        ...(c.params === undefined ? {} : { params: c.params }),
      });
      return { jsonrpc: "2.0", id: c.id, result: result ?? null };
    } catch (e) {
      const err = e as { code?: unknown; message?: unknown; data?: unknown };
      return {
        jsonrpc: "2.0",
        id: c.id,
        error: {
          code: typeof err.code === "number" ? err.code : -32603,
          message: typeof err.message === "string" ? err.message : String(e),
          ...(err.data === undefined ? {} : { data: err.data }),
        },
      };
    }
  };
  const server = createServer((req, res) => {
    body(req)
      .then(async (text) => {
        const parsed = JSON.parse(text) as Call | Call[];
        // Calls of a batch run in order: the chain is one process and the node serializes them anyway.
        const out = Array.isArray(parsed) ? await sequential(parsed) : await one(parsed);
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify(out, (_k, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v)));
      })
      .catch(() => res.writeHead(400).end());
  });
  async function sequential(calls: Call[]) {
    const out = [];
    for (const c of calls) out.push(await one(c));
    return out;
  }
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
