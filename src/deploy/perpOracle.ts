import { chainlinkPriceFeedV3Abi, mockV3AggregatorAbi } from "../venues/perp/perpAbis.ts";
import type { Clients } from "./Clients.ts";
import type { PerpMarket } from "./deployPerp.ts";
import { write } from "./tx.ts";

/** Chainlink aggregator decimals (as on mainnet USD feeds). */
export const AGGREGATOR_DECIMALS = 8;
const SCALE = 10n ** BigInt(18 - AGGREGATOR_DECIMALS);

/**
 * Publishes a new oracle price (18 decimals) on the market's MockV3Aggregator and caches it in the
 * ChainlinkPriceFeedV3 (its index TWAP observation). The aggregator's `updatedAt` becomes the block time.
 */
export async function setOraclePrice(clients: Clients, market: PerpMarket, priceE18: bigint): Promise<void> {
  await write(clients, {
    address: market.aggregator,
    abi: mockV3AggregatorAbi,
    functionName: "updateAnswer",
    args: [priceE18 / SCALE],
  });
  await write(clients, { address: market.chainlinkPriceFeed, abi: chainlinkPriceFeedV3Abi, functionName: "update" });
}

/** The aggregator's latest answer in 18 decimals. */
export async function readOraclePrice(clients: Pick<Clients, "publicClient">, market: PerpMarket): Promise<bigint> {
  const [, answer] = await clients.publicClient.readContract({
    address: market.aggregator,
    abi: mockV3AggregatorAbi,
    functionName: "latestRoundData",
  });
  return answer * SCALE;
}

/** Re-publishes the current price so the feed is not stale after a time jump (ChainlinkPriceFeedV3 timeout). */
export async function refreshOracle(clients: Clients, market: PerpMarket): Promise<void> {
  await setOraclePrice(clients, market, await readOraclePrice(clients, market));
}
