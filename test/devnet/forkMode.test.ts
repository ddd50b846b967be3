import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import hre from "hardhat";
import { createPublicClient, createTestClient, custom } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, describe, expect, it } from "vitest";

/** The `fork` network (used by `alvh devnet --fork`) forks whatever FORK_URL points at, read only when used. */
describe("fork mode", () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    delete process.env.FORK_URL;
  });

  it("serves the upstream chain's state", async () => {
    // Upstream: an in-process chain behind a plain JSON-RPC server we can tear down, keep-alive sockets included.
    const { provider } = await hre.network.create();
    const upstream = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on("end", async () => {
        const { id, method, params } = JSON.parse(body) as { id: number; method: string; params?: unknown[] };
        let reply: object;
        try {
          reply = { jsonrpc: "2.0", id, result: await provider.request({ method, params: params ?? [] }) };
        } catch (e) {
          reply = { jsonrpc: "2.0", id, error: { code: -32000, message: (e as Error).message } };
        }
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          upstream.closeAllConnections();
          upstream.close(() => resolve());
        }),
    );
    const { port } = upstream.address() as AddressInfo;
    const upUrl = `http://127.0.0.1:${port}`;
    const who = "0x00000000000000000000000000000000000a1f0c" as const;
    await createTestClient({ chain: hardhat, mode: "hardhat", transport: custom(provider) }).setBalance({
      address: who,
      value: 4242n,
    });

    process.env.FORK_URL = upUrl;
    const fork = await hre.network.create("fork");
    closers.push(() => fork.close());
    const client = createPublicClient({ chain: hardhat, transport: custom(fork.provider) });
    expect(await client.getBalance({ address: who })).toBe(4242n);
  });
});
