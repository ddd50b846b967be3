import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type Call = { id: number; method: string; params?: unknown[] };

/**
 * A minimal JSON-RPC upstream on 127.0.0.1: block 100, chain id 31337, `eth_call` reverts (code 3), every
 * other method answers its own name. `seen` collects each call's params.
 */
export async function startFakeRpc(): Promise<{ url: string; seen: unknown[]; close: () => Promise<void> }> {
  const seen: unknown[] = [];
  const one = (c: Call) => {
    seen.push(c.params);
    if (c.method === "eth_call") return { jsonrpc: "2.0", id: c.id, error: { code: 3, message: "execution reverted" } };
    const result = c.method === "eth_blockNumber" ? "0x64" : c.method === "eth_chainId" ? "0x7a69" : c.method;
    return { jsonrpc: "2.0", id: c.id, result };
  };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const parsed = JSON.parse(body) as Call | Call[];
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(one) : one(parsed)));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
