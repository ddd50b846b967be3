import { type Address, encodeFunctionData, type Hex, zeroAddress, zeroHash } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Clients } from "../../src/deploy/Clients.ts";
import { revertTo, snapshot } from "../../src/deploy/chainControl.ts";
import type { GuardDeployment } from "../../src/deploy/deployGuard.ts";
import { findMarket, type PerpDeployment } from "../../src/deploy/deployPerp.ts";
import type { SafeDeployment } from "../../src/deploy/deploySafe.ts";
import { DevRole } from "../../src/devnet/devAccounts.ts";
import { executeSafeCalls, type SafeKitProvider } from "../../src/devnet/executeSafeCalls.ts";
import { execSafeAsOwners } from "../../src/guard/execSafeAsOwners.ts";
import { emergencyModuleAbi, hedgeGuardAbi, safeAdminAbi } from "../../src/guard/guardAbis.ts";
import { readEmergencyStatus } from "../../src/proposer/emergencyPath.ts";
import { EmergencyAction } from "../../src/reconcile/EmergencyStatus.ts";
import { driveScenario } from "../../src/scenario/driveScenario.ts";
import { movePoolToPrice } from "../../src/scenario/movePoolToPrice.ts";
import type { PerpV2Venue } from "../../src/venues/perp/PerpV2Venue.ts";
import { clearingHouseAbi, erc20Abi } from "../../src/venues/perp/perpAbis.ts";
import type { SafeCall } from "../../src/venues/Venue.ts";
import { guardedOwnerKeys, guardedSafeWorld } from "../helpers/guardedSafeWorld.ts";
import { must } from "../helpers/must.ts";

// Issue 11 on the real Safe 1.5.0 (real MultiSendCallOnly, module guard) and the real Perp v2 pool, where the
// mocks could hide the truth: batches that try to switch the post-checks off, episode caps measured on the venue's
// own positions, and the module's price limit and keeper grace against a real Uniswap v3 pool.

const E18 = 10n ** 18n;
const ownerKeys = guardedOwnerKeys;

let provider: SafeKitProvider;
let deployer: Clients;
let trader: Clients;
let keeper: Clients;
let stranger: Clients;
let perp: PerpDeployment;
let safe: SafeDeployment;
let venue: PerpV2Venue;
let eth: Address;
let g: GuardDeployment;
let snap: string;

beforeAll(async () => {
  const w = await guardedSafeWorld();
  ({ provider, deployer, perp, safe, venue, eth } = w);
  g = w.guard;
  trader = w.wallet(DevRole.scenarioTrader);
  keeper = w.wallet(DevRole.keeper);
  stranger = w.wallet(DevRole.liquidator); // no role anywhere
});

beforeEach(async () => {
  snap = await snapshot(deployer.publicClient);
});
afterEach(async () => {
  await revertTo(deployer.publicClient, snap);
});

const signers = (calls: readonly SafeCall[]) =>
  executeSafeCalls({ provider, publicClient: deployer.publicClient, target: safe, ownerKeys, calls });

const ethSize = async (): Promise<bigint> =>
  must(must((await venue.read([safe.safe])).accounts[0]).positions.find((p) => p.market === eth)).size;

const call = (to: Address, data: Hex): SafeCall => ({ to, value: 0n, data, operation: 0 });

/** Sells `base` of ETH (exact input): cuts the long, or flips it when above the position. */
const sellBase = (base: bigint): SafeCall =>
  call(
    perp.clearingHouse,
    encodeFunctionData({
      abi: clearingHouseAbi,
      functionName: "openPosition",
      args: [
        {
          baseToken: eth,
          isBaseToQuote: true,
          isExactInput: true,
          amount: base,
          oppositeAmountBound: 0n,
          deadline: 2n ** 256n - 1n,
          sqrtPriceLimitX96: 0n,
          referralCode: zeroHash,
        },
      ],
    }),
  );

describe("issue 11 on the real Safe 1.5.0 and Perp v2", () => {
  it("a batch that calls the guard (or the Safe itself) and flips the long is refused: post-checks stay on", async () => {
    const size = await ethSize();
    const flip = sellBase((size * 18n) / 10n);
    const resetGuard = call(
      g.guard,
      encodeFunctionData({ abi: hedgeGuardAbi, functionName: "checkAfterExecution", args: [zeroHash, true] }),
    );
    await expect(signers([resetGuard, flip])).rejects.toThrow();
    const selfCall = call(
      safe.safe,
      encodeFunctionData({
        abi: safeAdminAbi,
        functionName: "enableModule",
        args: [stranger.walletClient.account.address],
      }),
    );
    await expect(signers([selfCall, sellBase(size / 10n)])).rejects.toThrow();
    expect(await ethSize()).toBe(size);
    // The flip alone is refused by the post-check; an in-policy cut alone passes.
    await expect(signers([flip])).rejects.toThrow();
    await signers([sellBase(size / 10n)]);
    expect(await ethSize()).toBeLessThan(size);
  });

  it("cuts are cumulative over the hedge episode: 40 % then 40 % is refused under the 75 % ratio, 40 % + 30 % passes", async () => {
    const size = await ethSize();
    await signers([sellBase((size * 40n) / 100n)]);
    await expect(signers([sellBase((size * 40n) / 100n)])).rejects.toThrow();
    await signers([sellBase((size * 30n) / 100n)]);
    const [ref, open] = await deployer.publicClient.readContract({
      address: g.guard,
      abi: hedgeGuardAbi,
      functionName: "episode",
    });
    expect(ref).toBe(size);
    expect(open).toBe(false);
  });

  it("module: dust and early strangers do nothing; the keeper acts at once; a cut never trades past index − slippage", async () => {
    const path = [2000n, 1950n, 1900n, 1850n, 1800n, 1760n, 1730n].map((p, i) => ({ time: i * 900, price: p * E18 }));
    await driveScenario({ clients: trader, perp, market: "ETH", path });
    const status = await readEmergencyStatus(deployer.publicClient, g.module, 1n);
    expect(status.inLayer3).toBe(true);
    expect(status.bookApproved).toBe(true);
    const protect = (who: Clients, action: number, amount: bigint) =>
      who.walletClient.writeContract({
        address: g.module,
        abi: emergencyModuleAbi,
        functionName: "protect",
        args: [1n, action, amount],
        account: who.walletClient.account,
        chain: who.walletClient.chain,
      });
    await expect(protect(stranger, EmergencyAction.addMargin, 1n)).rejects.toThrow(/KeeperGracePeriod/);
    await expect(protect(keeper, EmergencyAction.addMargin, 1n)).rejects.toThrow(/EffectTooSmall/);
    // With idle margin that lifts the book, the module refuses a cut.
    await expect(protect(keeper, EmergencyAction.reduce, 5_000n * E18)).rejects.toThrow(/AddMarginCovers/);
    // No idle margin left; the pool held 7 % under the mark (index ≈ mark): a cut may not sell below index × 0.95.
    const idle = await deployer.publicClient.readContract({
      address: perp.settlementToken,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [safe.safe],
    });
    await execSafeAsOwners(
      deployer,
      safe.safe,
      ownerKeys,
      call(
        perp.settlementToken,
        encodeFunctionData({
          abi: erc20Abi,
          functionName: "transfer",
          args: [zeroAddress.replace(/0$/, "1") as Address, idle],
        }),
      ),
    );
    const mark = must((await venue.read([safe.safe])).markets.find((m) => m.market === eth)).markPrice;
    await movePoolToPrice(trader, perp, must(findMarket(perp, "ETH")), (mark * 93n) / 100n);
    const before = await ethSize();
    // Uniswap stops at the price limit: Perp v2 reverts the openPosition, the Safe's module call fails.
    await expect(protect(keeper, EmergencyAction.reduce, 5_000n * E18)).rejects.toThrow(/ModuleCallFailed/);
    expect(await ethSize()).toBe(before);
    // Back at the index the keeper's cut (no grace, no arming) passes.
    await movePoolToPrice(trader, perp, must(findMarket(perp, "ETH")), mark);
    await protect(keeper, EmergencyAction.reduce, 5_000n * E18);
    expect(await ethSize()).toBeLessThan(before);
  });
});
