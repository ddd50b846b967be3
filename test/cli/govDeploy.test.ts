import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import hre from "hardhat";
import { createPublicClient, type Hex, http, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, describe, expect, it, vi } from "vitest";
import { buildProgram } from "../../src/cli/alvh.ts";
import { CliInputError } from "../../src/cli/CliInputError.ts";
import { DeploymentExistsError } from "../../src/deploy/DeploymentError.ts";
import { createPolicyRegistryClient } from "../../src/policy/PolicyRegistryClient.ts";

const MNEMONIC = "test test test test test test test test test test test junk";
const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const key = (i: number): Hex => toHex(account(i).getHdKey().privateKey ?? "");
const tmp = mkdtempSync(path.join(tmpdir(), "alvh-govdeploy-"));
const deployments = path.join(tmp, "deployments");

const server = await hre.network.createServer("default", "127.0.0.1");
const { address, port } = await server.listen();
const rpc = `http://${address}:${port}`;
const publicClient = createPublicClient({ chain: hardhat, transport: http(rpc) });

async function alvh(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  process.env.ALVH_PRIVATE_KEY = key(0);
  try {
    const program = await buildProgram();
    program.exitOverride();
    await program.parseAsync(["node", "alvh", "gov", "deploy", ...args, "--rpc", rpc, "--deployments", deployments]);
    return lines;
  } finally {
    spy.mockRestore();
    delete process.env.ALVH_PRIVATE_KEY;
  }
}

afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("alvh gov deploy (over HTTP)", () => {
  const safe = account(5).address;
  const venue = account(6).address;
  const market = account(7).address;

  it("refuses bad input before sending anything", async () => {
    const block = await publicClient.getBlockNumber({ cacheTime: 0 });
    await expect(alvh(["--quorum", "0"])).rejects.toBeInstanceOf(CliInputError);
    await expect(alvh(["--voting-period", "5 days"])).rejects.toThrow(/--voting-period/);
    await expect(alvh(["--book", `${safe},nope,${market}`])).rejects.toThrow(/--book venue/);
    expect(await publicClient.getBlockNumber({ cacheTime: 0 })).toBe(block);
  });

  it("deploys, creates the book, writes the deployment file, and refuses a second deploy", async () => {
    const lines = await alvh(["--book", `${safe},${venue},${market}`, "--voting-period", "1h", "--quorum", "10"]);
    expect(lines.join("\n")).toMatch(/PolicyRegistry\s+0x[0-9a-fA-F]{40}/);
    const file = JSON.parse(readFileSync(path.join(deployments, "31337.json"), "utf8"));
    const registry = file.contracts.PolicyRegistry.address;
    const client = createPolicyRegistryClient({ publicClient, address: registry });
    expect(await client.bookCount()).toBe(1n);
    expect((await client.getBook(1n)).safe).toBe(safe);
    expect((await client.policyVersion(1n)).version).toBe(1n);
    await expect(alvh([])).rejects.toBeInstanceOf(DeploymentExistsError);
  });
});
