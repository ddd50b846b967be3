import type { Address } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import type { Clients } from "../../src/deploy/Clients.ts";
import { deployMulticall3 } from "../../src/deploy/deployMulticall3.ts";
import { deployPerp, type PerpDeployment } from "../../src/deploy/deployPerp.ts";
import { write } from "../../src/deploy/tx.ts";
import { fundSettlement } from "../../src/devnet/fundSettlement.ts";
import { openEoaPosition } from "../../src/devnet/openEoaPosition.ts";
import { builtInCrashPath } from "../../src/scenario/builtInCrashPath.ts";
import { driveScenario } from "../../src/scenario/driveScenario.ts";
import { prepareScenarioTrader } from "../../src/scenario/prepareScenarioTrader.ts";
import { PerpV2Venue } from "../../src/venues/perp/PerpV2Venue.ts";
import { accountBalanceAbi, clearingHouseAbi } from "../../src/venues/perp/perpAbis.ts";
import { createPinnedNetwork } from "../helpers/createPinnedNetwork.ts";
import { must } from "../helpers/must.ts";

const E18 = 10n ** 18n;

let deployer: Clients;
let trader: Clients;
let liquidator: Clients;
let perp: PerpDeployment;
let venue: PerpV2Venue;
let eth: Address;
const accounts: Address[] = [];

beforeAll(async () => {
  const conn = await createPinnedNetwork();
  const publicClient = await conn.viem.getPublicClient();
  const wallets = await conn.viem.getWalletClients();
  const wallet = (i: number) => ({ publicClient, walletClient: must(wallets[i]) });
  deployer = wallet(0);
  trader = wallet(4);
  liquidator = wallet(6);
  const multicall3 = await deployMulticall3(deployer);
  perp = await deployPerp(deployer);
  venue = new PerpV2Venue({ publicClient, perp, multicall3 });
  eth = venue.market("ETH").id;
  await prepareScenarioTrader(deployer, trader, perp);
  // A liquidator takes over the liquidated size, so it needs collateral in the Vault too.
  await prepareScenarioTrader(deployer, liquidator, perp, 1_000_000n * E18);
  // Longs at 5x and 8x and a 4x short (stays safe in a crash): different breach times.
  const setups = [
    { i: 5, side: "long", leverage: 5 },
    { i: 7, side: "long", leverage: 8 },
    { i: 9, side: "short", leverage: 4 },
  ] as const;
  for (const s of setups) {
    const t = wallet(s.i);
    await fundSettlement(deployer, perp, t.walletClient.account.address, 10_000n * E18);
    await openEoaPosition({
      trader: t,
      perp,
      venue,
      position: { market: "ETH", side: s.side, leverage: s.leverage, collateral: 10_000n * E18 },
    });
    accounts.push(t.walletClient.account.address);
  }
});

describe("crash path on Perp v2", () => {
  it("adapter's breached verdict equals the venue's condition at every step; a third party liquidates once breached", async () => {
    const liquidated = new Set<Address>();
    let breachedSteps = 0;
    let checks = 0;
    // Before any move, a liquidation attempt reverts (the venue enforces its condition).
    await expect(
      write(liquidator, {
        address: perp.clearingHouse,
        abi: clearingHouseAbi,
        functionName: "liquidate",
        args: [must(accounts[1]), eth],
      }),
    ).rejects.toThrow(/CH_EAV/); // "enough account value"

    await driveScenario({
      clients: trader,
      perp,
      market: "ETH",
      path: builtInCrashPath(2000n * E18),
      onStep: async (step) => {
        const snapshot = await venue.read(accounts);
        expect(snapshot.blockNumber).toBe(step.blockNumber);
        for (const a of snapshot.accounts) {
          const read = { blockNumber: snapshot.blockNumber, args: [a.account] } as const;
          const value = await deployer.publicClient.readContract({
            address: perp.clearingHouse,
            abi: clearingHouseAbi,
            functionName: "getAccountValue",
            ...read,
          });
          const requirement = await deployer.publicClient.readContract({
            address: perp.accountBalance,
            abi: accountBalanceAbi,
            functionName: "getMarginRequirementForLiquidation",
            ...read,
          });
          expect(a.breached).toBe(value < requirement);
          expect(a.marginDistance).toBe(value - requirement);
          checks++;
          if (a.breached && !liquidated.has(a.account) && a.positions.length > 0) {
            breachedSteps++;
            await write(liquidator, {
              address: perp.clearingHouse,
              abi: clearingHouseAbi,
              functionName: "liquidate",
              args: [a.account, eth],
            });
            liquidated.add(a.account);
          }
        }
        return liquidated.size >= 2 ? "stop" : undefined;
      },
    });
    expect(checks).toBeGreaterThan(20);
    expect(breachedSteps).toBe(2);
    // Both longs were liquidated once breached; the short was never breached.
    expect([...liquidated].sort()).toEqual([accounts[0], accounts[1]].map((a) => must(a)).sort());
    const after = await venue.read(accounts);
    expect(must(after.accounts[2]).breached).toBe(false);
  });
});
