import type { Address, PublicClient } from "viem";
import type { AccountState, MarketState, PositionState, VenueMarket, VenueSnapshot } from "../Venue.ts";
import { VenueError } from "../VenueError.ts";
import { estimateLiquidationPrice } from "./liquidationPrice.ts";
import { multicall3Abi } from "./multicall3Abi.ts";
import {
  accountBalanceAbi,
  baseTokenAbi,
  clearingHouseAbi,
  clearingHouseConfigAbi,
  exchangeAbi,
  vaultAbi,
} from "./perpAbis.ts";
import { sqrtPriceX96ToPrice } from "./priceMath.ts";

export type PerpReadAddresses = {
  clearingHouse: Address;
  clearingHouseConfig: Address;
  accountBalance: Address;
  exchange: Address;
  vault: Address;
  multicall3: Address;
};

type Call = { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] };

const PPM = 1_000_000n;

/**
 * Reads accounts and markets through Multicall3 `aggregate3`: max(1, ceil(accounts / accountsPerRequest))
 * eth_calls, all at `blockNumber` and sent at once (one JSON-RPC batch) — or, without it, all pinned to the
 * block the first one ran at. Nothing else goes over the wire.
 */
export async function readPerpAccounts(
  publicClient: Pick<PublicClient, "multicall">,
  addresses: PerpReadAddresses,
  markets: readonly VenueMarket[],
  accounts: readonly Address[],
  accountsPerRequest: number,
  blockNumber?: bigint,
): Promise<VenueSnapshot> {
  const head: Call[] = [
    { address: addresses.multicall3, abi: multicall3Abi, functionName: "getBlockNumber" },
    { address: addresses.multicall3, abi: multicall3Abi, functionName: "getCurrentBlockTimestamp" },
    { address: addresses.clearingHouseConfig, abi: clearingHouseConfigAbi, functionName: "getMmRatio" },
  ];
  for (const m of markets) {
    head.push({
      address: addresses.accountBalance,
      abi: accountBalanceAbi,
      functionName: "getMarkPrice",
      args: [m.id],
    });
    head.push({ address: m.id, abi: baseTokenAbi, functionName: "getIndexPrice", args: [0n] });
    head.push({ address: addresses.exchange, abi: exchangeAbi, functionName: "getSqrtMarketTwapX96", args: [m.id, 0] });
  }
  // One group per account; a request carries up to `accountsPerRequest` groups (eth_call gas caps:
  // an account in 2 markets costs ≈ 1.2 M gas to read, nodes cap eth_call at 50–60 M).
  const groups: Call[][] = accounts.map((account) => {
    const group: Call[] = [
      { address: addresses.clearingHouse, abi: clearingHouseAbi, functionName: "getAccountValue", args: [account] },
      {
        address: addresses.accountBalance,
        abi: accountBalanceAbi,
        functionName: "getMarginRequirementForLiquidation",
        args: [account],
      },
      { address: addresses.exchange, abi: exchangeAbi, functionName: "getAllPendingFundingPayment", args: [account] },
      { address: addresses.vault, abi: vaultAbi, functionName: "getFreeCollateral", args: [account] },
    ];
    for (const m of markets) {
      const args = [account, m.id];
      group.push(
        { address: addresses.accountBalance, abi: accountBalanceAbi, functionName: "getTotalPositionSize", args },
        { address: addresses.accountBalance, abi: accountBalanceAbi, functionName: "getTotalOpenNotional", args },
      );
    }
    return group;
  });
  const requests: Call[][] = [head];
  for (let i = 0; i < groups.length; i += accountsPerRequest) {
    const chunk = groups.slice(i, i + accountsPerRequest).flat();
    if (i === 0) requests[0] = [...head, ...chunk];
    else requests.push(chunk);
  }
  const send = async (r: number, at: bigint | undefined): Promise<bigint[]> => {
    let out: unknown[];
    try {
      out = (await publicClient.multicall({
        // biome-ignore lint/suspicious/noExplicitAny: heterogeneous ABIs; results are decoded per call below
        contracts: requests[r] as any,
        multicallAddress: addresses.multicall3,
        allowFailure: false,
        batchSize: 0,
        ...(at === undefined ? {} : { blockNumber: at }),
      })) as unknown[];
    } catch (cause) {
      throw new VenueError("Perp v2 batch read failed.", {
        metaMessages: [`request ${r + 1} of ${requests.length}`, `accounts: ${accounts.length}`],
        cause,
      });
    }
    return out.map((v) => (typeof v === "number" ? BigInt(v) : (v as bigint)));
  };
  let results: bigint[];
  if (blockNumber !== undefined) results = (await Promise.all(requests.map((_, r) => send(r, blockNumber)))).flat();
  else {
    const first = await send(0, undefined);
    const rest = await Promise.all(requests.slice(1).map((_, r) => send(r + 1, first[0])));
    results = [...first, ...rest.flat()];
  }

  let k = 0;
  const next = (): bigint => results[k++] as bigint;
  const snapshotBlock = next();
  const timestamp = next();
  const mm = next();
  const marketStates: MarketState[] = markets.map((m) => ({
    market: m.id,
    symbol: m.symbol,
    markPrice: next(),
    indexPrice: next(),
    spotPrice: sqrtPriceX96ToPrice(next()),
  }));
  const accountStates: AccountState[] = accounts.map((account) => {
    const accountValue = next();
    const maintenanceRequirement = next();
    const pendingFunding = next();
    const freeCollateral = next();
    const abs = (x: bigint) => (x < 0n ? -x : x);
    // Position value = size × mark, rounded toward zero exactly as AccountBalance.getTotalPositionValue.
    const raw = marketStates.map((m) => {
      const size = next();
      return { market: m.market, size, value: (size * m.markPrice) / 10n ** 18n, openNotional: next() };
    });
    const totalAbs = raw.reduce((s, p) => s + abs(p.value), 0n);
    const positions: PositionState[] = raw
      .filter((p) => p.size !== 0n)
      .map((p) => {
        const mark = marketStates.find((s) => s.market === p.market)?.markPrice ?? 0n;
        return {
          market: p.market,
          size: p.size,
          notional: abs(p.value),
          openNotional: p.openNotional,
          liquidationPrice: estimateLiquidationPrice({
            accountValue,
            size: p.size,
            markPrice: mark,
            otherAbsNotional: totalAbs - abs(p.value),
            maintenanceRatioPpm: mm,
          }),
        };
      });
    const marginDistance = accountValue - maintenanceRequirement;
    const marginBufferPpm =
      maintenanceRequirement === 0n ? PPM : accountValue <= 0n ? -PPM : (marginDistance * PPM) / accountValue;
    return {
      account,
      positions,
      accountValue,
      maintenanceRequirement,
      marginDistance,
      marginBufferPpm,
      breached: accountValue < maintenanceRequirement,
      pendingFunding,
      freeCollateral,
    };
  });
  return {
    blockNumber: snapshotBlock,
    timestamp,
    maintenanceRatioPpm: mm,
    accounts: accountStates,
    markets: marketStates,
  };
}
