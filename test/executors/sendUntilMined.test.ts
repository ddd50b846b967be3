import hre from "hardhat";
import { type Address, erc20Abi, type PublicClient } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { revertTo, snapshot } from "../../src/deploy/chainControl.ts";
import { sendUntilMined } from "../../src/executors/sendUntilMined.ts";
import { TxNotMinedError } from "../../src/executors/TxNotMinedError.ts";
import { TxRefusedError } from "../../src/executors/TxRefusedError.ts";

// A Layer-3 style send on a chain that does not mine on its own (automine off): the call is resent with higher
// fees on its own cadence until a block includes one of them; a call that would revert is refused at once.
let publicClient: PublicClient;
let wallet: Awaited<ReturnType<Awaited<ReturnType<typeof hre.network.create>>["viem"]["getWalletClients"]>>[number];
let token: Address;
let mine: () => Promise<void>;
let automine: (on: boolean) => Promise<void>;
let snap: string;

beforeAll(async () => {
  const conn = await hre.network.create();
  publicClient = (await conn.viem.getPublicClient()) as unknown as PublicClient;
  [wallet] = (await conn.viem.getWalletClients()) as [typeof wallet];
  const holder = wallet.account.address;
  const t = await conn.viem.deployContract("AlvhToken", ["T", "T", [holder], [10n ** 21n]]);
  token = t.address;
  mine = async () => {
    await conn.provider.request({ method: "evm_mine", params: [] });
  };
  automine = async (on) => {
    await conn.provider.request({ method: "evm_setAutomine", params: [on] });
  };
});
beforeEach(async () => {
  snap = await snapshot(publicClient as never);
});
afterEach(async () => {
  await automine(true);
  await revertTo(publicClient as never, snap);
});

const to = "0x00000000000000000000000000000000000000b0" as const;

describe("sendUntilMined", () => {
  it("resends the same nonce with bumped fees each beat until mined; one transfer happens", async () => {
    await automine(false);
    const attempts: { attempt: number; maxFeePerGas: bigint }[] = [];
    let beats = 0;
    const receipt = await sendUntilMined({
      publicClient,
      walletClient: wallet as never,
      address: token,
      abi: erc20Abi,
      functionName: "transfer",
      args: [to, 5n],
      what: "transfer",
      cadenceMs: 0,
      maxAttempts: 10,
      bump: 0.125,
      // The third beat finds a block: the chain mines what is in its mempool.
      sleep: async () => {
        beats++;
        if (beats === 3) await mine();
      },
      onAttempt: (a) => attempts.push(a),
    });
    expect(receipt.status).toBe("success");
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Each resend pays at least 12.5 % more.
    for (let i = 1; i < attempts.length; i++)
      expect((attempts[i] as { maxFeePerGas: bigint }).maxFeePerGas * 1000n).toBeGreaterThanOrEqual(
        (attempts[i - 1] as { maxFeePerGas: bigint }).maxFeePerGas * 1125n,
      );
    const tx = await publicClient.getTransaction({ hash: receipt.transactionHash });
    expect(tx.maxFeePerGas).toBe(attempts[2]?.maxFeePerGas);
    await automine(true);
    expect(
      await publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [to] }),
    ).toBe(5n);
  });

  it("a call the contract refuses is not sent or retried", async () => {
    let sends = 0;
    const err = await sendUntilMined({
      publicClient,
      walletClient: wallet as never,
      address: token,
      abi: erc20Abi,
      functionName: "transfer",
      args: [to, 10n ** 30n],
      what: "transfer",
      cadenceMs: 0,
      maxAttempts: 5,
      bump: 0.125,
      onAttempt: () => {
        sends++;
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TxRefusedError);
    expect(sends).toBe(0);
  });

  it("gives up after maxAttempts with the hashes it sent", async () => {
    await automine(false);
    const err = await sendUntilMined({
      publicClient,
      walletClient: wallet as never,
      address: token,
      abi: erc20Abi,
      functionName: "transfer",
      args: [to, 1n],
      what: "transfer",
      cadenceMs: 0,
      maxAttempts: 2,
      bump: 0.2,
      sleep: async () => {},
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TxNotMinedError);
    expect((err as TxNotMinedError).metaMessages[0]).toMatch(/^sent: 0x[0-9a-f]{64}, 0x[0-9a-f]{64}$/);
  });
});
