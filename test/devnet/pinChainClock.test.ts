import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { advanceTime, revertTo, snapshot } from "../../src/deploy/chainControl.ts";
import { createPinnedNetwork } from "../helpers/createPinnedNetwork.ts";

const conn = await createPinnedNetwork();
const publicClient = await conn.viem.getPublicClient();
const [wallet] = await conn.viem.getWalletClients();
const latest = async () => (await publicClient.getBlock()).timestamp;
const send = async () => {
  if (!wallet) throw new Error("no wallet");
  const hash = await wallet.sendTransaction({ to: wallet.account.address, value: 1n });
  return (await publicClient.waitForTransactionReceipt({ hash })).blockNumber;
};

describe("pinned chain clock", () => {
  it("mines each block one second after the last, however long the caller waits", async () => {
    const t0 = await latest();
    await send();
    await sleep(1_500); // wall time passes between two transactions: chain time must not see it
    await send();
    expect(await latest()).toBe(t0 + 2n);
    const pending = await publicClient.getBlock({ blockTag: "pending" });
    expect(pending.timestamp).toBe(t0 + 3n); // gas estimates see the time the next transaction is mined at
  });

  it("evm_increaseTime, network helpers and advanceTime move it by exactly the seconds asked", async () => {
    const t0 = await latest();
    await conn.networkHelpers.time.increase(3600);
    expect(await latest()).toBe(t0 + 3600n);
    await advanceTime(publicClient, 15);
    expect(await latest()).toBe(t0 + 3615n);
    await sleep(1_100);
    await send();
    expect(await latest()).toBe(t0 + 3616n);
  });

  it("after a revert the next block is again one second after the restored head", async () => {
    const id = await snapshot(publicClient);
    const t0 = await latest();
    await advanceTime(publicClient, 600);
    await send();
    await revertTo(publicClient, id);
    expect(await latest()).toBe(t0);
    await send();
    expect(await latest()).toBe(t0 + 1n);
  });
});
