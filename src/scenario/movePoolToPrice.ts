import { zeroHash } from "viem";
import type { Clients } from "../deploy/Clients.ts";
import { advanceTime } from "../deploy/chainControl.ts";
import type { PerpDeployment, PerpMarket } from "../deploy/deployPerp.ts";
import { write } from "../deploy/tx.ts";
import { clearingHouseAbi, uniswapV3PoolAbi } from "../venues/perp/perpAbis.ts";
import { priceToSqrtPriceX96 } from "../venues/perp/priceMath.ts";

const Q96 = 2n ** 96n;
const PPM = 1_000_000n;

export type MovePoolOptions = {
  /** Max ticks one trade may cross (below Exchange.maxTickCrossedWithinBlock, default 1000). Default 900. */
  maxTicksPerTrade?: number;
  /** Stop when the pool is within this distance of the target (ppm of sqrt price). Default 100 (≈ 2 bps of price). */
  toleranceSqrtPpm?: number;
  /** Safety bound on trades per call. Default 40. */
  maxTrades?: number;
  /**
   * Seconds between two trades of one move. Exchange re-reads its reference tick for the per-block limit only once
   * this interval has passed since the last update (Perp v2 Exchange `_PRICE_LIMIT_INTERVAL`, 15 s), so a move
   * wider than the limit must let that much chain time pass between its chunks. Default 15.
   */
  priceLimitIntervalSeconds?: number;
};

/** What one move did: trades sent and chain seconds spent waiting between them. */
export type PoolMove = { trades: number; waitedSeconds: number };

/**
 * Trades on the market's pool (ClearingHouse.openPosition, exact input, with a sqrtPriceLimitX96 at the
 * target) until the AMM price reaches `targetPrice`. Large moves go in chunks of `maxTicksPerTrade` ticks with
 * `priceLimitIntervalSeconds` of chain time between them, so neither Exchange's tick limit per price-limit
 * interval (EX_OPLAS) nor the price band (EX_OPB: each chunk moves towards the index) reverts. The trader needs
 * free collateral in the Vault.
 */
export async function movePoolToPrice(
  trader: Clients,
  perp: Pick<PerpDeployment, "clearingHouse">,
  market: PerpMarket,
  targetPrice: bigint,
  options: MovePoolOptions = {},
): Promise<PoolMove> {
  const maxTicks = options.maxTicksPerTrade ?? 900;
  const tolerance = BigInt(options.toleranceSqrtPpm ?? 100);
  const chunkPpm = BigInt(Math.floor((1.0001 ** (maxTicks / 2) - 1) * 1e6));
  const target = priceToSqrtPriceX96(targetPrice);
  const interval = options.priceLimitIntervalSeconds ?? 15;
  let trades = 0;
  let waitedSeconds = 0;
  let fullChunkBefore = false;
  for (; trades < (options.maxTrades ?? 40); trades++) {
    const [slot0, liquidity] = await Promise.all([
      trader.publicClient.readContract({ address: market.pool, abi: uniswapV3PoolAbi, functionName: "slot0" }),
      trader.publicClient.readContract({ address: market.pool, abi: uniswapV3PoolAbi, functionName: "liquidity" }),
    ]);
    const s0 = slot0[0];
    const gap = target > s0 ? target - s0 : s0 - target;
    if (gap * PPM <= s0 * tolerance || liquidity === 0n) break;
    const up = target > s0;
    const bound = up ? (s0 * (PPM + chunkPpm)) / PPM : (s0 * PPM) / (PPM + chunkPpm);
    const s1 = up ? (target < bound ? target : bound) : target > bound ? target : bound;
    const L = BigInt(liquidity);
    // Full-range liquidity: quote in = L·Δ√P, base in = L·Δ(1/√P). 5 % extra covers fees; the limit stops the swap.
    const exact = up ? (L * (s1 - s0)) / Q96 : (L * Q96 * (s0 - s1)) / (s0 * s1);
    const amount = (exact * 105n) / 100n + 1n;
    // Only after a full chunk is the per-interval tick budget spent; a small remainder (fees) goes right away.
    if (fullChunkBefore) {
      await advanceTime(trader.publicClient, interval);
      waitedSeconds += interval;
    }
    fullChunkBefore = s1 === bound;
    const call = {
      address: perp.clearingHouse,
      abi: clearingHouseAbi,
      functionName: "openPosition",
      args: [
        {
          baseToken: market.baseToken,
          isBaseToQuote: !up,
          isExactInput: true,
          amount,
          oppositeAmountBound: 0n,
          deadline: 2n ** 256n - 1n,
          sqrtPriceLimitX96: s1,
          referralCode: zeroHash,
        },
      ],
    } as const;
    // Exchange refreshes its price-limit reference (one more storage write) once 15 s have passed; on a busy machine
    // the block can be mined on the other side of that boundary than the estimate ran, so leave a margin.
    const estimate = await trader.publicClient.estimateContractGas({ ...call, account: trader.walletClient.account });
    await write(trader, { ...call, gas: (estimate * 13n) / 10n });
  }
  return { trades, waitedSeconds };
}
