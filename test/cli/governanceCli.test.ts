import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encryptKeystoreJsonSync } from "ethers";
import hre from "hardhat";
import { createPublicClient, createTestClient, createWalletClient, type Hex, http, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { alvhTokenAbi } from "../../src/abi/alvhTokenAbi.ts";
import { buildProgram } from "../../src/cli/alvh.ts";
import { formatCliError } from "../../src/cli/formatCliError.ts";
import { RpcUnreachableError } from "../../src/cli/RpcUnreachableError.ts";
import { deployGovernance, type GovernanceDeployment } from "../../src/deploy/deployGovernance.ts";
import { SignerError } from "../../src/keys/SignerError.ts";
import { defaultPolicy } from "../../src/policy/defaultPolicy.ts";
import { PolicyFileError } from "../../src/policy/PolicyFileError.ts";
import { PolicyValidationError } from "../../src/policy/PolicyValidationError.ts";
import { policyHash } from "../../src/policy/policyHash.ts";
import { toPolicyJson } from "../../src/policy/policyJson.ts";

const root = path.join(import.meta.dirname, "..", "..");
const tmp = mkdtempSync(path.join(tmpdir(), "alvh-cli-"));
const deployments = path.join(tmp, "deployments");
const proposals = path.join(tmp, "proposals");
const MNEMONIC = "test test test test test test test test test test test junk";
const key = (i: number): Hex => toHex(mnemonicToAccount(MNEMONIC, { addressIndex: i }).getHdKey().privateKey ?? "");
const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const e18 = 10n ** 18n;

const server = await hre.network.createServer("default", "127.0.0.1");
const { address, port } = await server.listen();
const rpc = `http://${address}:${port}`;
const transport = http(rpc);
const publicClient = createPublicClient({ chain: hardhat, transport });
const testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport });
let gov: GovernanceDeployment;

function writePolicy(name: string, mutate: (h: ReturnType<typeof toPolicyJson>) => void): string {
  const h = toPolicyJson(defaultPolicy());
  mutate(h);
  const file = path.join(tmp, name);
  writeFileSync(file, JSON.stringify(h, null, 2));
  return file;
}

/** Runs `alvh <args>` in-process as signer `signer` (account index; null = no key); returns printed lines. */
async function alvh(args: string[], signer: number | null = null): Promise<string[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => {
    lines.push(a.join(" "));
  });
  if (signer === null) delete process.env.ALVH_PRIVATE_KEY;
  else process.env.ALVH_PRIVATE_KEY = key(signer);
  try {
    const program = await buildProgram();
    program.exitOverride();
    await program.parseAsync(["node", "alvh", ...args, "--rpc", rpc, "--deployments", deployments]);
    return lines;
  } finally {
    spy.mockRestore();
    delete process.env.ALVH_PRIVATE_KEY;
    delete process.env.ALVH_KEYSTORE_PASSWORD;
  }
}

/** Expects the command to fail with `type`, with no transaction sent. */
async function expectRefused(args: string[], type: abstract new (...a: never[]) => Error, signer: number | null = 1) {
  const before = await publicClient.getTransactionCount({ address: account(1).address });
  const block = await publicClient.getBlockNumber({ cacheTime: 0 });
  const error = await alvh(args, signer).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect(await publicClient.getTransactionCount({ address: account(1).address })).toBe(before);
  expect(await publicClient.getBlockNumber({ cacheTime: 0 })).toBe(block);
  return formatCliError(error);
}

beforeAll(async () => {
  const walletClient = createWalletClient({ chain: hardhat, transport, account: account(0) });
  gov = await deployGovernance(
    { publicClient, walletClient },
    {
      votingDelay: 60,
      votingPeriod: 3600,
      proposalThreshold: 1_000n * e18,
      quorumPercent: 4,
      timelockDelay: 600,
      holders: [
        { address: account(1).address, amount: 600_000n * e18 },
        { address: account(2).address, amount: 400_000n * e18 },
      ],
      books: [
        { safe: account(5).address, venue: account(6).address, market: account(7).address, policy: defaultPolicy() },
      ],
      deploymentsDir: deployments,
    },
  );
  for (const i of [1, 2]) {
    const w = createWalletClient({ chain: hardhat, transport, account: account(i) });
    await publicClient.waitForTransactionReceipt({
      hash: await w.writeContract({
        address: gov.token,
        abi: alvhTokenAbi,
        functionName: "delegate",
        args: [account(i).address],
      }),
    });
  }
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("alvh policy / gov against an HTTP node", () => {
  it("shows a book's policy in human units with version, hash and pause state", async () => {
    const out = await alvh(["policy", "show", "--book", "1"]);
    expect(out).toContain(`  version 1  hash ${policyHash(defaultPolicy())}`);
    expect(out).toContain("  status  active");
    expect(out.find((l) => l.startsWith("marginBuffer"))).toMatch(/67%\s+65%\s+63%/);
  });

  it("rejects an unknown field, a wrong unit and an invalid ordering before sending anything", async () => {
    const typo = writePolicy("typo.json", (h) => {
      (h.layers[1] as Record<string, unknown>).marginBuffr = "30%";
    });
    expect(await expectRefused(["policy", "propose", "--book", "1", "--file", typo], PolicyFileError)).toMatch(
      /layers\[1\]\.marginBuffr: unknown field "marginBuffr"/,
    );
    const unit = writePolicy("unit.json", (h) => {
      h.settings.cooldown = "1800";
    });
    expect(await expectRefused(["policy", "propose", "--book", "1", "--file", unit], PolicyFileError)).toMatch(
      /settings\.cooldown: expected a duration like "30m"/,
    );
    const order = writePolicy("order.json", (h) => {
      h.layers[1].hedgeRatio = "80%";
    });
    expect(await expectRefused(["policy", "propose", "--book", "1", "--file", order], PolicyValidationError)).toMatch(
      /L2 hedgeRatio = 80% breaks the required ordering/,
    );
  });

  it("rejects an unreachable RPC and a missing key with one clear message", async () => {
    const good = writePolicy("good.json", (h) => {
      h.layers[1].marginBuffer = "64%";
    });
    const program = await buildProgram();
    program.exitOverride();
    const unreachable = await program
      .parseAsync([
        "node",
        "alvh",
        "policy",
        "show",
        "--book",
        "1",
        "--rpc",
        "http://127.0.0.1:9",
        "--deployments",
        deployments,
      ])
      .catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(RpcUnreachableError);
    expect(formatCliError(unreachable).split("\n")[0]).toBe("error: Cannot reach the RPC at http://127.0.0.1:9");
    const missing = await expectRefused(["policy", "propose", "--book", "1", "--file", good], SignerError, null);
    expect(missing).toMatch(/No signing key configured/);
    expect(missing).not.toMatch(/0x[0-9a-f]{64}/);
  });

  it("runs propose → vote → queue (recovered from the event log) → execute, and the version bumps", async () => {
    const file = writePolicy("change.json", (h) => {
      h.layers[1].marginBuffer = "64%";
    });
    const proposed = await alvh(
      ["policy", "propose", "--book", "1", "--file", file, "--description", "tighten L2", "--proposals", proposals],
      1,
    );
    expect(proposed).toContain("  L2 marginBuffer: 65% → 64%");
    const id = /^proposal (\d+)$/.exec(proposed[0] ?? "")?.[1] ?? "";
    expect(id).not.toBe("");

    await testClient.increaseTime({ seconds: 61 });
    await testClient.mine({ blocks: 1 });
    await alvh(["gov", "vote", id, "--support", "for"], 1);
    // Second voter signs with an encrypted keystore.
    const keystore = path.join(tmp, "voter2.json");
    const pk = key(2);
    writeFileSync(
      keystore,
      encryptKeystoreJsonSync({ address: account(2).address, privateKey: pk }, "pw", { scrypt: { N: 1024 } }),
    );
    process.env.ALVH_KEYSTORE_PASSWORD = "wrong";
    await expect(alvh(["gov", "vote", id, "--support", "against", "--keystore", keystore])).rejects.toBeInstanceOf(
      SignerError,
    );
    process.env.ALVH_KEYSTORE_PASSWORD = "pw";
    expect((await alvh(["gov", "vote", id, "--support", "against", "--keystore", keystore]))[0]).toMatch(
      /voted against/,
    );

    await testClient.increaseTime({ seconds: 3601 });
    await testClient.mine({ blocks: 1 });
    expect((await alvh(["gov", "status", id, "--proposals", proposals]))[0]).toBe(`proposal ${id}: Succeeded`);
    for (const f of readdirSync(proposals)) rmSync(path.join(proposals, f)); // force recovery from ProposalCreated
    expect((await alvh(["gov", "queue", id, "--proposals", proposals], 2))[0]).toBe(`queued ${id}: now Queued`);
    expect(existsSync(path.join(proposals, `31337-${id}.json`))).toBe(true);
    await expect(alvh(["gov", "execute", id, "--proposals", proposals], 2)).rejects.toThrow(
      /Proposal \d+ is queued in the timelock: executable at .*, in ~10 min\./,
    );
    await testClient.increaseTime({ seconds: 601 });
    await testClient.mine({ blocks: 1 });
    expect((await alvh(["gov", "execute", id, "--proposals", proposals], 2))[0]).toBe(`executed ${id}: now Executed`);

    const next = defaultPolicy();
    next.layers[1].marginBufferPpm = 640_000;
    expect(await alvh(["policy", "show", "--book", "1"])).toContain(`  version 2  hash ${policyHash(next)}`);
  });

  it("the real binary exits 1 with one error line and sends nothing", async () => {
    const typo = path.join(tmp, "typo.json");
    const block = await publicClient.getBlockNumber({ cacheTime: 0 });
    const r = spawnSync(
      process.execPath,
      [path.join(root, "src/cli/alvh.ts"), "policy", "propose", "--book", "1", "--file", typo, "--rpc", rpc],
      { encoding: "utf8", env: { ...process.env, ALVH_PRIVATE_KEY: key(1) } },
    );
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")[0]).toMatch(/^error: .*typo\.json: layers\[1\]\.marginBuffr: unknown field/);
    expect(r.stderr).not.toContain(key(1).slice(2));
    expect(await publicClient.getBlockNumber({ cacheTime: 0 })).toBe(block);
  });
});
