import type { Clients } from "../deploy/Clients.ts";
import { advanceTime } from "../deploy/chainControl.ts";
import type { PerpDeployment, PerpMarket } from "../deploy/deployPerp.ts";
import { refreshOracle, setOraclePrice } from "../deploy/perpOracle.ts";
import { movePoolToPrice } from "../scenario/movePoolToPrice.ts";
import { uniswapV3PoolAbi as poolAbi } from "../venues/perp/perpAbis.ts";
import { sqrtPriceX96ToPrice } from "../venues/perp/priceMath.ts";

/**
 * Moves one Perp v2 market to `priceE18`: publishes the oracle price, then a trader swaps the pool toward it
 * (`movePoolToPrice`) in chunks of at most `maxChunkPpm`, the oracle leading each chunk (Perp bounds ticks
 * crossed per block and the mark/index spread). Used by the demo and tests between keeper ticks; the
 * trader must have deposited collateral.
 */
export async function movePerpPrice(
  trader: Clients,
  perp: Pick<PerpDeployment, "clearingHouse">,
  market: PerpMarket,
  priceE18: bigint,
  options: { maxChunkPpm?: bigint } = {},
): Promise<void> {
  const chunk = options.maxChunkPpm ?? 40_000n;
  const poolPrice = async () => {
    const [sqrt] = await trader.publicClient.readContract({
      address: market.pool,
      abi: poolAbi,
      functionName: "slot0",
    });
    return sqrtPriceX96ToPrice(sqrt);
  };
  let current = await poolPrice();
  for (let i = 0; i < 60; i++) {
    const gap = ((priceE18 - current) * 1_000_000n) / current;
    if (gap > -500n && gap < 500n) break;
    const step = gap > chunk ? chunk : gap < -chunk ? -chunk : gap;
    const target = (current * (1_000_000n + step)) / 1_000_000n;
    await setOraclePrice(trader, market, target);
    // One chunk is well inside Exchange's tick limit: `movePoolToPrice` swaps to it in one trade.
    await movePoolToPrice(trader, perp, market, target, { maxTrades: 1 });
    current = await poolPrice();
    if (target === priceE18) break;
  }
  await setOraclePrice(trader, market, priceE18);
}

/** Advances chain time and re-publishes every market's oracle price so feeds are not stale after the jump. */
export async function advanceAndRefresh(
  clients: Clients,
  markets: readonly PerpMarket[],
  seconds: number,
): Promise<void> {
  await advanceTime(clients.publicClient, seconds);
  for (const m of markets) await refreshOracle(clients, m);
}
