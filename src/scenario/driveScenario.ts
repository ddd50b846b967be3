import type { Clients } from "../deploy/Clients.ts";
import { advanceTime } from "../deploy/chainControl.ts";
import { findMarket, type PerpDeployment } from "../deploy/deployPerp.ts";
import { refreshOracle, setOraclePrice } from "../deploy/perpOracle.ts";
import { accountBalanceAbi, exchangeAbi } from "../venues/perp/perpAbis.ts";
import { sqrtPriceX96ToPrice } from "../venues/perp/priceMath.ts";
import { type MovePoolOptions, movePoolToPrice } from "./movePoolToPrice.ts";
import type { PricePoint } from "./PricePoint.ts";
import { ScenarioError } from "./ScenarioError.ts";

export type ScenarioStep = {
  /** 0-based index in the path. */
  index: number;
  total: number;
  /** The path point replayed (its own time and price). */
  point: PricePoint;
  /** Chain time after the step (unix seconds). */
  chainTime: bigint;
  blockNumber: bigint;
  /** Oracle (index) price now on chain, 18 decimals. */
  oraclePrice: bigint;
  /** AMM spot price after the trades, 18 decimals. */
  spotPrice: bigint;
  /** Venue mark price after the step, 18 decimals. */
  markPrice: bigint;
  /** Pool trades sent this step. */
  trades: number;
};

export type DriveScenarioParams = {
  /** The scenario trader (moves the pool; needs free collateral in the Vault) and the chain. */
  clients: Clients;
  perp: PerpDeployment;
  /** Market symbol or base token. */
  market: string;
  path: readonly PricePoint[];
  /** Chain seconds per step; default: the path's own spacing. */
  stepSeconds?: number;
  /** Seconds advanced after the trades so the 15 s market TWAP (and so the mark) reflects the new price. Default 30. */
  settleSeconds?: number;
  /** Called after every step (the keeper runs here). Return "stop" to end early; a rejection stops it too. */
  onStep?: (step: ScenarioStep) => unknown;
  pool?: MovePoolOptions;
};

/**
 * Replays a price path onto the chain, step by step: advance time → publish the price on the market's
 * oracle (MockV3Aggregator.updateAnswer + feed update) and re-publish the other markets' prices (staleness)
 * → trade the pool to the index in chunks → let 30 s pass so the mark follows → `onStep`.
 */
export async function driveScenario(params: DriveScenarioParams): Promise<ScenarioStep[]> {
  const { clients, perp, path } = params;
  const market = findMarket(perp, params.market);
  if (!market) throw new ScenarioError("Unknown market.", { metaMessages: [`market: ${params.market}`] });
  const settle = params.settleSeconds ?? 30;
  const steps: ScenarioStep[] = [];
  for (const [index, point] of path.entries()) {
    if (index > 0) {
      const prev = path[index - 1] as PricePoint;
      const dt = params.stepSeconds ?? point.time - prev.time;
      await advanceTime(clients.publicClient, Math.max(1, dt - settle));
    }
    await setOraclePrice(clients, market, point.price);
    for (const other of perp.markets) if (other !== market) await refreshOracle(clients, other);
    const trades = await movePoolToPrice(clients, perp, market, point.price, params.pool);
    await advanceTime(clients.publicClient, settle);
    const [block, sqrtSpot, markPrice] = await Promise.all([
      clients.publicClient.getBlock(),
      clients.publicClient.readContract({
        address: perp.exchange,
        abi: exchangeAbi,
        functionName: "getSqrtMarketTwapX96",
        args: [market.baseToken, 0],
      }),
      clients.publicClient.readContract({
        address: perp.accountBalance,
        abi: accountBalanceAbi,
        functionName: "getMarkPrice",
        args: [market.baseToken],
      }),
    ]);
    const step: ScenarioStep = {
      index,
      total: path.length,
      point,
      chainTime: block.timestamp,
      blockNumber: block.number,
      oraclePrice: point.price,
      spotPrice: sqrtPriceX96ToPrice(sqrtSpot),
      markPrice,
      trades,
    };
    steps.push(step);
    if ((await params.onStep?.(step)) === "stop") break;
  }
  return steps;
}
