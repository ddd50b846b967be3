import type { Clients } from "../deploy/Clients.ts";
import { advanceTime } from "../deploy/chainControl.ts";
import { findMarket, type PerpDeployment } from "../deploy/deployPerp.ts";
import { readOraclePrice, refreshOracle, setOraclePrice } from "../deploy/perpOracle.ts";
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
  /** Pool trades sent this step (a move wider than the venue's per-block limit takes several). */
  trades: number;
  /** Chain seconds spent between this step's trades (0 for a single trade). */
  waitedSeconds: number;
  /** True when the market's oracle was left as it was (`freezeOracle`). */
  oracleFrozen: boolean;
};

/** Wall-clock source for pacing (injected; `realWallClock` in the CLI). */
export type WallClock = { now(): number; sleep(ms: number): Promise<void> };

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
  /**
   * Leave the market's oracle as it is (no new price, no staleness refresh) while the pool and the chain clock
   * still follow the path: a staleness drill. The pool then stays inside the venue's price band around the frozen
   * index (Perp v2 reverts trades outside it, EX_OPB), so it follows the path only within ±`bandFraction`.
   */
  freezeOracle?: boolean;
  /** With `freezeOracle`: how far from the frozen index the pool may go (default 0.09, inside Perp's 10 % band). */
  bandFraction?: number;
  /** Wall-clock pacing: each step starts `stepMs` after the previous one, so a running keeper sees it unfold. */
  pace?: { stepMs: number; clock: WallClock };
  /** Called after every step (the keeper runs here). Return "stop" to end early; a rejection stops it too. */
  onStep?: (step: ScenarioStep) => unknown;
  pool?: MovePoolOptions;
};

/**
 * Replays a price path onto the chain, step by step: advance the chain clock by the path's own spacing (or
 * `stepSeconds`) → publish the price on the market's oracle
 * (MockV3Aggregator.updateAnswer + feed update) and re-publish the other markets' prices (staleness) → trade the
 * pool to the index in chunks within the venue's per-block limit → let 30 s pass so the mark follows → `onStep`.
 * Waiting between chunks spends chain time; the next step's advance is shortened by as much, so the chain stays on
 * the path's schedule.
 */
export async function driveScenario(params: DriveScenarioParams): Promise<ScenarioStep[]> {
  const { clients, perp, path } = params;
  const market = findMarket(perp, params.market);
  if (!market) throw new ScenarioError("Unknown market.", { metaMessages: [`market: ${params.market}`] });
  const settle = params.settleSeconds ?? 30;
  const steps: ScenarioStep[] = [];
  const wallStart = params.pace?.clock.now() ?? 0;
  let waited = 0;
  for (const [index, point] of path.entries()) {
    if (params.pace && index > 0) {
      const wait = wallStart + index * params.pace.stepMs - params.pace.clock.now();
      if (wait > 0) await params.pace.clock.sleep(wait);
    }
    if (index > 0) {
      const prev = path[index - 1] as PricePoint;
      const dt = params.stepSeconds ?? point.time - prev.time;
      await advanceTime(clients.publicClient, Math.max(1, dt - settle - waited));
    }
    let target = point.price;
    if (params.freezeOracle) {
      target = clampToBand(point.price, await readOraclePrice(clients, market), params.bandFraction ?? 0.09);
    } else {
      await setOraclePrice(clients, market, point.price);
    }
    for (const other of perp.markets) if (other !== market) await refreshOracle(clients, other);
    const { trades, waitedSeconds } = await movePoolToPrice(clients, perp, market, target, params.pool);
    waited = waitedSeconds;
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
      oraclePrice: params.freezeOracle ? await readOraclePrice(clients, market) : point.price,
      spotPrice: sqrtPriceX96ToPrice(sqrtSpot),
      markPrice,
      trades,
      waitedSeconds,
      oracleFrozen: params.freezeOracle ?? false,
    };
    steps.push(step);
    if ((await params.onStep?.(step)) === "stop") break;
  }
  return steps;
}

/** `price` moved into [index·(1−band), index·(1+band)]. */
function clampToBand(price: bigint, index: bigint, band: number): bigint {
  const ppm = BigInt(Math.round(band * 1e6));
  const lo = (index * (1_000_000n - ppm)) / 1_000_000n;
  const hi = (index * (1_000_000n + ppm)) / 1_000_000n;
  return price < lo ? lo : price > hi ? hi : price;
}
