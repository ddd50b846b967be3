import type { Address, Hash } from "viem";
import { encodeFunctionData } from "viem";
import type { Clients } from "../deploy/Clients.ts";
import { revertTo, snapshot } from "../deploy/chainControl.ts";
import { deployDevnet } from "../deploy/deployDevnet.ts";
import { guardInstallCalls } from "../deploy/deployGuard.ts";
import { DevRole, devKey } from "../devnet/devAccounts.ts";
import { openSafePosition } from "../devnet/openSafePosition.ts";
import { BaseError } from "../errors/BaseError.ts";
import { execSafeAsOwners } from "../guard/execSafeAsOwners.ts";
import { encodeEmergencyCall, readEmergencyStatus } from "../proposer/emergencyPath.ts";
import { EmergencyAction } from "../reconcile/EmergencyStatus.ts";
import { driveScenario } from "../scenario/driveScenario.ts";
import { PerpV2Venue } from "../venues/perp/PerpV2Venue.ts";
import { erc20Abi } from "../venues/perp/perpAbis.ts";
import type { SafeCall } from "../venues/Venue.ts";

const E18 = 10n ** 18n;

class BenchSetupError extends BaseError {
  override name = "BenchSetupError";
}

/**
 * Gas of on-chain enforcement on the in-process devnet (real Safe 1.5.0, real Perp v2, real registry):
 * - guard.gas_overhead_per_exec: the same Safe transaction (Vault.deposit of 1,000) with the guard minus without;
 * - guard.gas_overhead_reduce: the same for a 5,000-notional reduce (post-check reads positions);
 * - guard.gas_overhead_non_venue: the same for a plain token transfer (untouched by the guard);
 * - module.gas_per_add_margin / module.gas_per_reduce: `protect` in Layer 3 (1,000 margin / 5,000 notional).
 */
export async function run(print: (name: string, value: string | number) => void): Promise<void> {
  const { default: hre } = await import("hardhat");
  await hre.tasks.getTask("build").run({ quiet: true });
  const conn = await hre.network.create();
  const publicClient = await conn.viem.getPublicClient();
  const wallets = await conn.viem.getWalletClients();
  const wallet = (i: number): Clients => {
    const walletClient = wallets[i];
    if (!walletClient) throw new BenchSetupError("Missing dev wallet.", { metaMessages: [`index: ${i}`] });
    return { publicClient, walletClient };
  };
  const deployer = wallet(DevRole.deployer);
  const keeper = wallet(DevRole.keeper); // registered keeper (KEEPER_ROLE)
  const ownerKeys = [devKey(DevRole.owner1).privateKey, devKey(DevRole.owner2).privateKey];
  const devnet = await deployDevnet(deployer);
  const guard = devnet.guard;
  if (!guard) throw new BenchSetupError("The devnet deployed no guard.");
  const { safe, perp } = devnet;
  const venue = new PerpV2Venue({ publicClient, perp, multicall3: devnet.multicall3 });
  const eth = venue.market("ETH").id;
  await openSafePosition({
    provider: conn.provider,
    publicClient,
    venue,
    target: safe,
    ownerKeys,
    position: { market: "ETH", side: "long", leverage: 5, collateral: 10_000n * E18 },
  });

  const gasOf = async (hash: Hash) => (await publicClient.waitForTransactionReceipt({ hash })).gasUsed;
  const exec = (call: SafeCall) => execSafeAsOwners(deployer, safe.safe, ownerKeys, call);
  const approve: SafeCall = {
    to: perp.settlementToken,
    value: 0n,
    data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [perp.vault, 1_000n * E18] }),
    operation: 0,
  };
  const [, deposit] = await venue.encodeIntents(safe.safe, [{ kind: "addMargin", amount: 1_000n * E18 }]);
  const [reduce] = await venue.encodeIntents(safe.safe, [{ kind: "reduce", market: eth, notional: 5_000n * E18 }]);
  const transfer: SafeCall = {
    to: perp.settlementToken,
    value: 0n,
    data: encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [keeper.walletClient.account.address, 1n * E18],
    }),
    operation: 0,
  };
  if (!deposit || !reduce) throw new BenchSetupError("The venue adapter encoded no calls.");

  const measure = async (): Promise<{ deposit: bigint; reduce: bigint; transfer: bigint }> => {
    const s = await snapshot(publicClient);
    await exec(approve);
    const d = await gasOf(await exec(deposit));
    const r = await gasOf(await exec(reduce));
    const t = await gasOf(await exec(transfer));
    await revertTo(publicClient, s);
    return { deposit: d, reduce: r, transfer: t };
  };
  const without = await measure();
  for (const call of guardInstallCalls(safe.safe, { guard: guard.guard })) await exec(call);
  const withGuard = await measure();
  print("guard.gas_overhead_per_exec", (withGuard.deposit - without.deposit).toString());
  print("guard.gas_overhead_reduce", (withGuard.reduce - without.reduce).toString());
  print("guard.gas_overhead_non_venue", (withGuard.transfer - without.transfer).toString());

  // Into Layer 3 (buffer <= 20 % for the default policy): ETH 2000 -> 1730 in 15-minute steps.
  const start = 1_700_000_000;
  const path = [2000n, 1950n, 1900n, 1850n, 1800n, 1760n, 1730n].map((p, i) => ({
    time: start + i * 900,
    price: p * E18,
  }));
  await driveScenario({ clients: wallet(DevRole.scenarioTrader), perp, market: "ETH", path });
  const status = await readEmergencyStatus(publicClient, guard.module, guard.bookId);
  if (!status.inLayer3) {
    throw new BenchSetupError("The bench crash did not reach Layer 3.", {
      metaMessages: [`buffer: ${status.bufferPpm} ppm`, `threshold: ${status.thresholdPpm} ppm`],
    });
  }
  const protect = async (action: (typeof EmergencyAction)[keyof typeof EmergencyAction], amount: bigint) => {
    const s = await snapshot(publicClient);
    const tx = encodeEmergencyCall(guard.module as Address, { bookId: guard.bookId, action, amount });
    const hash = await keeper.walletClient.sendTransaction({
      ...tx,
      account: keeper.walletClient.account,
      chain: keeper.walletClient.chain,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    await revertTo(publicClient, s);
    if (receipt.status !== "success") throw new BenchSetupError("protect reverted.", { metaMessages: [`tx: ${hash}`] });
    return receipt.gasUsed;
  };
  print("module.gas_per_add_margin", (await protect(EmergencyAction.addMargin, 1_000n * E18)).toString());
  // The module prefers ADD_MARGIN while idle margin covers (AddMarginCovers): measure the cut with no idle balance.
  const idle = await publicClient.readContract({
    address: perp.settlementToken,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [safe.safe],
  });
  const spend: SafeCall = {
    to: perp.settlementToken,
    value: 0n,
    data: encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [keeper.walletClient.account.address, idle],
    }),
    operation: 0,
  };
  const s = await snapshot(publicClient);
  await exec(spend);
  print("module.gas_per_reduce", (await protect(EmergencyAction.reduce, 5_000n * E18)).toString());
  await revertTo(publicClient, s);
}
