import { type Address, encodeFunctionData, getAddress, type Hex, zeroAddress } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { policyRegistryAbi } from "../../src/abi/policyRegistryAbi.ts";
import type { Clients } from "../../src/deploy/Clients.ts";
import { revertTo, snapshot } from "../../src/deploy/chainControl.ts";
import { type GuardDeployment, guardRemovalCalls, readSafeGuard } from "../../src/deploy/deployGuard.ts";
import { findMarket, type PerpDeployment } from "../../src/deploy/deployPerp.ts";
import type { SafeDeployment } from "../../src/deploy/deploySafe.ts";
import { write } from "../../src/deploy/tx.ts";
import { DevRole } from "../../src/devnet/devAccounts.ts";
import { executeSafeCalls, type SafeKitProvider } from "../../src/devnet/executeSafeCalls.ts";
import { emergencyModuleAbi, hedgeGuardAbi, safeAdminAbi } from "../../src/guard/guardAbis.ts";
import type { HedgeIntent } from "../../src/planner/HedgeIntent.ts";
import { encodeEmergencyCall, readEmergencyStatus } from "../../src/proposer/emergencyPath.ts";
import { EmergencyAction } from "../../src/reconcile/EmergencyStatus.ts";
import { routeLayer3 } from "../../src/reconcile/routeLayer3.ts";
import { builtInCrashPath } from "../../src/scenario/builtInCrashPath.ts";
import { driveScenario } from "../../src/scenario/driveScenario.ts";
import { movePoolToPrice } from "../../src/scenario/movePoolToPrice.ts";
import type { PricePoint } from "../../src/scenario/PricePoint.ts";
import type { PerpV2Venue } from "../../src/venues/perp/PerpV2Venue.ts";
import { erc20Abi, vaultAbi } from "../../src/venues/perp/perpAbis.ts";
import type { SafeCall } from "../../src/venues/Venue.ts";
import { guardedOwnerKeys, guardedSafeWorld } from "../helpers/guardedSafeWorld.ts";
import { must } from "../helpers/must.ts";

const E18 = 10n ** 18n;
const ownerKeys = guardedOwnerKeys;
/** Slow signers: a proposal is executed this many 20-minute steps after it is made (2 h 40 min). */
const SIGNER_DELAY_STEPS = 8;

let provider: SafeKitProvider;
let deployer: Clients;
let trader: Clients;
let liquidator: Clients;
let keeper: Clients;
let guardian: Clients;
let perp: PerpDeployment;
let safe: SafeDeployment;
let venue: PerpV2Venue;
let eth: Address;
let registry: Address;
let g: GuardDeployment;
let snap: string;

beforeAll(async () => {
  const w = await guardedSafeWorld();
  ({ provider, deployer, perp, safe, registry, venue, eth } = w);
  g = w.guard;
  trader = w.wallet(DevRole.scenarioTrader);
  liquidator = w.wallet(DevRole.liquidator);
  keeper = w.wallet(DevRole.keeper); // a registered keeper (KEEPER_ROLE): acts without the grace delay
  guardian = w.wallet(DevRole.owner1); // the devnet's registry guardian
});

beforeEach(async () => {
  snap = await snapshot(deployer.publicClient);
});
afterEach(async () => {
  await revertTo(deployer.publicClient, snap);
});

const signers = (calls: readonly SafeCall[], keys: readonly Hex[] = ownerKeys) =>
  executeSafeCalls({ provider, publicClient: deployer.publicClient, target: safe, ownerKeys: keys, calls });

/** The guard's verdict on one call as the Safe would ask it (eth_call from the Safe's address). */
const guardVerdict = (call: SafeCall) =>
  deployer.publicClient.simulateContract({
    address: g.guard,
    abi: hedgeGuardAbi,
    functionName: "checkTransaction",
    args: [call.to, call.value, call.data, call.operation, 0n, 0n, 0n, zeroAddress, zeroAddress, "0x", zeroAddress],
    account: safe.safe,
  });

const vaultBalance = async () =>
  deployer.publicClient.readContract({
    address: perp.vault,
    abi: vaultAbi,
    functionName: "getBalance",
    args: [safe.safe],
  });

describe("HedgeGuard + EmergencyModule on the real Safe and Perp v2", () => {
  it("are installed by one 2-of-3 Safe transaction", async () => {
    expect(await readSafeGuard(deployer.publicClient, safe.safe)).toBe(getAddress(g.guard));
    const enabled = await deployer.publicClient.readContract({
      address: safe.safe,
      abi: safeAdminAbi,
      functionName: "isModuleEnabled",
      args: [g.module],
    });
    expect(enabled).toBe(true);
  });

  it("refuses over-cap and non-hedge venue transactions through the real Safe; passes in-policy ones", async () => {
    const before = await vaultBalance();
    // Not in Layer 3 (buffer ≈ 68 %): the signal layers' maxAddMargin (5,000) applies.
    const over = await venue.encodeIntents(safe.safe, [{ kind: "addMargin", amount: 6_000n * E18 }]);
    await expect(guardVerdict(must(over[1]))).rejects.toThrow(/MarginCapExceeded/);
    await expect(signers(over)).rejects.toThrow();
    expect(await vaultBalance()).toBe(before);
    // Funds out through the venue: deposit credited to someone else.
    const depositFor: SafeCall = {
      to: perp.vault,
      value: 0n,
      data: encodeFunctionData({
        abi: [
          {
            type: "function",
            name: "depositFor",
            stateMutability: "nonpayable",
            inputs: [
              { name: "to", type: "address" },
              { name: "token", type: "address" },
              { name: "amount", type: "uint256" },
            ],
            outputs: [],
          },
        ],
        functionName: "depositFor",
        args: [keeper.walletClient.account.address, perp.settlementToken, 1n * E18],
      }),
      operation: 0,
    };
    await expect(guardVerdict(depositFor)).rejects.toThrow(/ForbiddenCall/);
    // Cutting 80 % of the position outside Layer 3 (signal layers allow 75 %).
    const cut = await venue.encodeIntents(safe.safe, [{ kind: "reduce", market: eth, notional: 40_000n * E18 }]);
    await expect(signers(cut)).rejects.toThrow();
    // In policy: 2,000 of margin.
    await signers(await venue.encodeIntents(safe.safe, [{ kind: "addMargin", amount: 2_000n * E18 }]));
    expect(await vaultBalance()).toBe(before + 2_000n * E18);
  });

  it("the signers remove the guard and disable the module with their threshold, even with the book paused", async () => {
    await write(guardian, { address: registry, abi: policyRegistryAbi, functionName: "pause", args: [1n] });
    const calls = await guardRemovalCalls(deployer.publicClient, safe.safe, { guard: true, module: g.module });
    expect(calls).toHaveLength(3);
    await expect(signers(calls, ownerKeys.slice(0, 1))).rejects.toThrow(); // below threshold
    await signers(calls);
    expect(await readSafeGuard(deployer.publicClient, safe.safe)).toBe(zeroAddress);
    const enabled = await deployer.publicClient.readContract({
      address: safe.safe,
      abi: safeAdminAbi,
      functionName: "isModuleEnabled",
      args: [g.module],
    });
    expect(enabled).toBe(false);
  });

  it("the module cuts 99.8 % of the long at a spot below the mark without flipping it", async () => {
    // Into Layer 3 (ETH 2000 → 1730), then the pool trades 0.5 % under the mark (mark = TWAP/index median).
    const path = [2000n, 1950n, 1900n, 1850n, 1800n, 1760n, 1730n].map((p, i) => ({ time: i * 900, price: p * E18 }));
    await driveScenario({ clients: trader, perp, market: "ETH", path });
    const mark = must((await venue.read([safe.safe])).markets.find((m) => m.market === eth)).markPrice;
    await movePoolToPrice(trader, perp, must(findMarket(perp, "ETH")), (mark * 995n) / 1000n);
    const snap = await venue.read([safe.safe]);
    const m = must(snap.markets.find((x) => x.market === eth));
    const before = must(must(snap.accounts[0]).positions[0]);
    expect(m.spotPrice * 1000n).toBeLessThan(m.markPrice * 996n); // the precondition of the old PositionFlipped
    expect((await readEmergencyStatus(deployer.publicClient, g.module, 1n)).inLayer3).toBe(true);
    // No idle margin (else the module prefers ADD_MARGIN and refuses the cut: AddMarginCovers).
    const idle = await deployer.publicClient.readContract({
      address: perp.settlementToken,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [safe.safe],
    });
    await signers([
      {
        to: perp.settlementToken,
        value: 0n,
        data: encodeFunctionData({
          abi: erc20Abi,
          functionName: "transfer",
          args: [trader.walletClient.account.address, idle],
        }),
        operation: 0,
      },
    ]);
    const amount = (before.notional * 998n) / 1000n;
    const hash = await write(keeper, {
      address: g.module,
      abi: emergencyModuleAbi,
      functionName: "protect",
      args: [1n, EmergencyAction.reduce, amount],
    });
    expect((await deployer.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    const after = must(must((await venue.read([safe.safe])).accounts[0]).positions[0]);
    // Still long, not short: ≈ 0.2 % of the base is left (the mark-valued share was sold, the mark moved ~1 s).
    expect(after.size * 1000n).toBeGreaterThan(before.size);
    expect(after.size * 1000n).toBeLessThan(before.size * 3n);
  });

  // Fast crash, slow signers (same chain state and path for both runs; snapshot/revert between tests).
  it("fast crash, slow signers: with the module the Safe stays above maintenance", { timeout: 300_000 }, async () => {
    const r = await runCrash(true);
    console.log(formatRun("module enabled", r));
    expect(r.moduleActions).toBeGreaterThan(0);
    expect(r.breachedSteps).toBe(0);
    expect(r.liquidations).toBe(0);
    expect(r.minBufferPpm).toBeGreaterThan(0n);
  });

  it("fast crash, slow signers: with the module disabled the Safe is liquidated first", {
    timeout: 300_000,
  }, async () => {
    const r = await runCrash(false);
    console.log(formatRun("module disabled", r));
    expect(r.moduleActions).toBe(0);
    expect(r.breachedSteps).toBeGreaterThan(0);
    expect(r.liquidations).toBeGreaterThan(0);
  });
});

type RunResult = {
  steps: number;
  moduleActions: number;
  moduleLog: string[];
  proposals: string[];
  breachedSteps: number;
  liquidations: number;
  minBufferPpm: bigint;
  finalValue: bigint;
  finalSize: bigint;
};

/**
 * The crash segment of the built-in path (+0.1 % → −26.5 %), in 20-minute steps (no jump from the current price). Each step: the price moves; a
 * third-party liquidator liquidates if the venue says so (first: the adversarial order); the keeper routes a
 * Layer-3 add-margin through the module when usable, else records a proposal; signers execute a proposal only
 * SIGNER_DELAY_STEPS steps after it was made.
 */
async function runCrash(moduleEnabled: boolean): Promise<RunResult> {
  if (!moduleEnabled) {
    await signers(await guardRemovalCalls(deployer.publicClient, safe.safe, { module: g.module }));
  }
  const r: RunResult = {
    steps: 0,
    moduleActions: 0,
    moduleLog: [],
    proposals: [],
    breachedSteps: 0,
    liquidations: 0,
    minBufferPpm: 1_000_000n,
    finalValue: 0n,
    finalSize: 0n,
  };
  const plan: HedgeIntent[] = [{ kind: "addMargin", amount: 20_000n * E18 }];
  let pending: { madeAt: number; intents: HedgeIntent[] } | undefined;
  await driveScenario({
    clients: trader,
    perp,
    market: "ETH",
    path: refine(builtInCrashPath(2000n * E18).slice(5, 16), 3),
    onStep: async (step) => {
      r.steps++;
      let a = must((await venue.read([safe.safe])).accounts[0]);
      if (a.marginBufferPpm < r.minBufferPpm) r.minBufferPpm = a.marginBufferPpm;
      if (a.breached) {
        r.breachedSteps++;
        r.proposals.push(
          `step ${step.index} price ${fmt(step.oraclePrice)}: breached (value ${fmt(a.accountValue)} < maintenance ${fmt(a.maintenanceRequirement)}), third party liquidates`,
        );
        await write(liquidator, {
          address: perp.clearingHouse,
          abi: [
            {
              type: "function",
              name: "liquidate",
              stateMutability: "nonpayable",
              inputs: [
                { name: "trader", type: "address" },
                { name: "baseToken", type: "address" },
              ],
              outputs: [],
            },
          ],
          functionName: "liquidate",
          args: [safe.safe, eth],
        });
        r.liquidations++;
        a = must((await venue.read([safe.safe])).accounts[0]);
      }
      const status = await readEmergencyStatus(deployer.publicClient, g.module, 1n);
      if (status.inLayer3) {
        const route = routeLayer3(status, step.chainTime, plan);
        if (route.emergency) {
          const tx = encodeEmergencyCall(g.module, { ...route.emergency, bookId: 1n });
          const hash = await keeper.walletClient.sendTransaction({
            ...tx,
            account: keeper.walletClient.account,
            chain: null,
          });
          const receipt = await deployer.publicClient.waitForTransactionReceipt({ hash });
          expect(receipt.status).toBe("success");
          r.moduleActions++;
          r.moduleLog.push(
            `step ${step.index} price ${fmt(step.oraclePrice)}: protect addMargin ${fmt(route.emergency.amount)}, buffer ${status.bufferPpm} ppm → ${must((await venue.read([safe.safe])).accounts[0]).marginBufferPpm} ppm, gas ${receipt.gasUsed}`,
          );
        } else if (!pending) {
          pending = { madeAt: step.index, intents: route.viaProposal };
          r.proposals.push(`step ${step.index}: proposed ${fmt(20_000n * E18)} margin (${route.reasons.join("; ")})`);
        }
      }
      if (pending && step.index - pending.madeAt >= SIGNER_DELAY_STEPS) {
        const intents = pending.intents;
        pending = undefined;
        try {
          await signers(await venue.encodeIntents(safe.safe, intents));
          r.proposals.push(`step ${step.index}: signers executed the proposal`);
        } catch (error) {
          // The world moved on while they were signing: the guard re-checks the proposal against the policy now.
          const rule = /custom error '([A-Za-z]+\([^)]*\))'/.exec(causeText(error))?.[1];
          r.proposals.push(`step ${step.index}: the guard refused the late proposal: ${rule ?? String(error)}`);
        }
      }
      return undefined;
    },
  });
  const end = must((await venue.read([safe.safe])).accounts[0]);
  r.finalValue = end.accountValue;
  r.finalSize = end.positions[0]?.size ?? 0n;
  return r;
}

/** Every message and `details` down the `cause` chain (protocol-kit/viem wrap the node's revert reason). */
function causeText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    parts.push(e.message, String((e as { details?: unknown }).details ?? ""));
  }
  return parts.join("\n");
}

/** Splits each interval of `path` into `n` linear sub-steps. */
function refine(path: readonly PricePoint[], n: number): PricePoint[] {
  const out: PricePoint[] = [must(path[0])];
  for (let i = 1; i < path.length; i++) {
    const a = must(path[i - 1]);
    const b = must(path[i]);
    for (let k = 1; k <= n; k++) {
      out.push({
        time: a.time + Math.round(((b.time - a.time) * k) / n),
        price: a.price + ((b.price - a.price) * BigInt(k)) / BigInt(n),
      });
    }
  }
  return out;
}

const fmt = (x: bigint) => (Number(x / 10n ** 14n) / 1e4).toFixed(2);

function formatRun(name: string, r: RunResult): string {
  return [
    `[guard e2e] ${name}: steps ${r.steps}, module actions ${r.moduleActions}, breached steps ${r.breachedSteps}, liquidations ${r.liquidations}, min buffer ${r.minBufferPpm} ppm, final value ${fmt(r.finalValue)}, final size ${fmt(r.finalSize)} ETH`,
    ...r.moduleLog.map((l) => `  module: ${l}`),
    ...r.proposals.map((l) => `  signers: ${l}`),
  ].join("\n");
}
