import hre from "hardhat";
import { createPublicClient, createTestClient, http } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, describe, expect, it } from "vitest";

/** The `fork` network (used by `alvh devnet --fork`) forks whatever FORK_URL points at, read only when used. */
describe("fork mode", () => {
  const servers: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of servers.reverse()) await s.close();
    delete process.env.FORK_URL;
  });

  it("serves the upstream chain's state", async () => {
    const upstream = await hre.network.createServer("default", "127.0.0.1");
    servers.push(upstream);
    const up = await upstream.listen();
    const upUrl = `http://${up.address}:${up.port}`;
    const who = "0x00000000000000000000000000000000000a1f0c" as const;
    await createTestClient({ chain: hardhat, mode: "hardhat", transport: http(upUrl) }).setBalance({
      address: who,
      value: 4242n,
    });

    process.env.FORK_URL = upUrl;
    const fork = await hre.network.createServer("fork", "127.0.0.1");
    servers.push(fork);
    const f = await fork.listen();
    const client = createPublicClient({ chain: hardhat, transport: http(`http://${f.address}:${f.port}`) });
    expect(await client.getBalance({ address: who })).toBe(4242n);
  });
});
