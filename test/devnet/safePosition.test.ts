import type { Address } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Clients } from "../../src/deploy/Clients.ts";
import { revertTo, snapshot } from "../../src/deploy/chainControl.ts";
import { type DevnetDeployment, deployDevnet } from "../../src/deploy/deployDevnet.ts";
import type { PerpDeployment } from "../../src/deploy/deployPerp.ts";
import type { SafeDeployment } from "../../src/deploy/deploySafe.ts";
import { DevRole, devKey } from "../../src/devnet/devAccounts.ts";
import { executeSafeCalls, type SafeKitProvider } from "../../src/devnet/executeSafeCalls.ts";
import { openSafePosition } from "../../src/devnet/openSafePosition.ts";
import { PerpV2Venue } from "../../src/venues/perp/PerpV2Venue.ts";
import { accountBalanceAbi, clearingHouseAbi } from "../../src/venues/perp/perpAbis.ts";
import { createPinnedNetwork } from "../helpers/createPinnedNetwork.ts";
import { must } from "../helpers/must.ts";

const E18 = 10n ** 18n;
const ownerKeys = [devKey(DevRole.owner1).privateKey, devKey(DevRole.owner2).privateKey];

let clients: Clients;
let provider: SafeKitProvider;
let perp: PerpDeployment;
let safe: SafeDeployment;
let venue: PerpV2Venue;
let eth: Address;
let btc: Address;
let snap: string;
let devnet: DevnetDeployment;

const relErr = (a: bigint, b: bigint) => Math.abs(Number(a - b)) / Number(b);

beforeAll(async () => {
  const conn = await createPinnedNetwork();
  provider = conn.provider;
  const publicClient = await conn.viem.getPublicClient();
  const [walletClient] = await conn.viem.getWalletClients();
  clients = { publicClient, walletClient: must(walletClient) };
  // The same deployment `alvh devnet` runs, in-process: governance + book, Multicall3, Safe, Perp v2.
  devnet = await deployDevnet(clients);
  ({ safe, perp } = devnet);
  venue = new PerpV2Venue({ publicClient, perp, multicall3: devnet.multicall3 });
  eth = venue.market("ETH").id;
  btc = venue.market("BTC").id;
  await openSafePosition({
    provider,
    publicClient,
    venue,
    target: safe,
    ownerKeys,
    position: { market: "ETH", side: "long", leverage: 5, collateral: 10_000n * E18 },
  });
});

beforeEach(async () => {
  snap = await snapshot(clients.publicClient);
});
afterEach(async () => {
  await revertTo(clients.publicClient, snap);
});

describe("Safe-owned Perp v2 position", () => {
  it("is opened by a 2-of-3 Safe transaction and read back through the adapter", async () => {
    expect(safe.threshold).toBe(2);
    expect(safe.owners).toHaveLength(3);
    expect(devnet.safeBookId).toBe(1n);
    const s = await venue.read([safe.safe]);
    const a = must(s.accounts[0]);
    expect(a.positions).toHaveLength(1);
    const p = must(a.positions[0]);
    expect(p.market).toBe(eth);
    expect(p.size).toBeGreaterThan(0n);
    expect(relErr(p.notional, 50_000n * E18)).toBeLessThan(0.02);
    // The adapter's figures are the venue's own views.
    const value = await clients.publicClient.readContract({
      address: perp.clearingHouse,
      abi: clearingHouseAbi,
      functionName: "getAccountValue",
      args: [safe.safe],
    });
    const requirement = await clients.publicClient.readContract({
      address: perp.accountBalance,
      abi: accountBalanceAbi,
      functionName: "getMarginRequirementForLiquidation",
      args: [safe.safe],
    });
    expect(a.accountValue).toBe(value);
    expect(a.maintenanceRequirement).toBe(requirement);
    expect(a.accountValue).toBeLessThan(10_000n * E18);
    expect(a.accountValue).toBeGreaterThan(9_800n * E18);
    expect(a.marginDistance).toBe(value - requirement);
    expect(a.breached).toBe(false);
    // 5x long with 6.25 % maintenance: liquidation about 15 % below entry.
    const mark = must(s.markets.find((m) => m.market === eth)).markPrice;
    const liq = Number(must(p.liquidationPrice)) / Number(mark);
    expect(liq).toBeGreaterThan(0.83);
    expect(liq).toBeLessThan(0.87);
  });

  it("refuses a Safe transaction signed by only one owner", async () => {
    const calls = await venue.encodeIntents(safe.safe, [{ kind: "addMargin", amount: 1n * E18 }]);
    await expect(
      executeSafeCalls({
        provider,
        publicClient: clients.publicClient,
        target: safe,
        ownerKeys: ownerKeys.slice(0, 1),
        calls,
      }),
    ).rejects.toThrow();
  });

  it("addMargin intent raises the account value by the amount", async () => {
    const before = must((await venue.read([safe.safe])).accounts[0]);
    const calls = await venue.encodeIntents(safe.safe, [{ kind: "addMargin", amount: 2_000n * E18 }]);
    await executeSafeCalls({ provider, publicClient: clients.publicClient, target: safe, ownerKeys, calls });
    const after = must((await venue.read([safe.safe])).accounts[0]);
    // Exactly the deposit, up to the few seconds of funding/mark drift between the two blocks.
    expect(relErr(after.accountValue - before.accountValue, 2_000n * E18)).toBeLessThan(1e-4);
    expect(after.marginBufferPpm).toBeGreaterThan(before.marginBufferPpm);
  });

  it("reduce intent shrinks the position notional by about the amount", async () => {
    const before = must(must((await venue.read([safe.safe])).accounts[0]).positions[0]);
    const calls = await venue.encodeIntents(safe.safe, [{ kind: "reduce", market: eth, notional: 20_000n * E18 }]);
    await executeSafeCalls({ provider, publicClient: clients.publicClient, target: safe, ownerKeys, calls });
    const after = must(must((await venue.read([safe.safe])).accounts[0]).positions[0]);
    expect(after.size).toBeGreaterThan(0n);
    expect(relErr(before.notional - after.notional, 20_000n * E18)).toBeLessThan(0.02);
  });

  it("openHedge intent opens an opposite (short) position on BTC", async () => {
    const calls = await venue.encodeIntents(safe.safe, [{ kind: "openHedge", market: btc, notional: 15_000n * E18 }]);
    await executeSafeCalls({ provider, publicClient: clients.publicClient, target: safe, ownerKeys, calls });
    const a = must((await venue.read([safe.safe])).accounts[0]);
    const hedge = must(a.positions.find((p) => p.market === btc));
    expect(hedge.size).toBeLessThan(0n);
    expect(relErr(hedge.notional, 15_000n * E18)).toBeLessThan(0.02);
    expect(must(a.positions.find((p) => p.market === eth)).size).toBeGreaterThan(0n);
  });
});
