import type { Policy } from "./Policy.ts";
import { Action } from "./Policy.ts";

const bits = (...xs: number[]) => xs.reduce((m, x) => m | (1 << x), 0);
const e18 = 10n ** 18n;

/**
 * The policy a new book starts from (and the backtester's default): protection on the margin buffer only,
 * few and large trades. With a 6.25 % maintenance ratio the buffer starts near 69 % at 5x and 81 % at 3x; a
 * buffer b is a leverage of (1 − b) / 6.25 %.
 *
 * - L1 (buffer ≤ 67 %, leverage ≈ 5.3x): repay-to-buffer — cut just enough to bring the buffer back to 85 %
 *   (≈ 2.4x; the DeFi-Saver "repay to ratio" move, earlier and deeper); again whenever it falls back to 67 %.
 * - L2 (buffer ≤ 65 %): the same repay, for a book that reached it without L1 acting (e.g. a fast move).
 * - L3 (buffer ≤ 63 %): everything, on the EmergencyModule path. Margin triggers read min(actual buffer, buffer
 *   if the cuts were undone), so after a repay L3 fires once the *cumulative* loss reaches what a 63 % buffer
 *   on the original position allows (5x: about −22 % of the collateral): the repay keeps exposure, L3 caps the
 *   loss well inside a stop at 2× maintenance.
 * - No signal triggers: in the rolling-window study RSI/MACD/drawdown layers traded ~25 times a window and paid
 *   5-6x the fees of a stop for a worse median, mean and 10th percentile (see README, backtester).
 * - Every layer allows ADD_MARGIN too (the guard then accepts the signers' deposits, and a Safe with idle
 *   settlement tokens tops the buffer up alongside the cut); the study runs with no reserve, so it never adds.
 * - Cooldown 4 h; hysteresis 20 %; max slippage 5 %.
 * - Reference scale 68.75 % (a 5x entry, the book the levels are written for): a book that entered with more
 *   room (a 3x book at 81 %) reads every level as the same multiple of its own entry leverage (3x: L1 80.2 %,
 *   L2 79 %, L3 77.8 %, repay to 91 %), so its loss cap is the same share of its collateral instead of a
 *   stop far below it; never looser than written. The EmergencyModule reads Layer 3 as written (63 %), so a
 *   scaled Layer 3 above it goes to the signers.
 * Chosen walk-forward with `alvh backtest study` (30-day windows stepped 15 days, ETH perp and BTC spot, long and
 * short, 3x and 5x, 60 min approval): the three buffers picked on 2020-2021, confirmed on 2022-2023.
 */
export function defaultPolicy(): Policy {
  const protect = {
    signalMask: 0,
    minSignals: 0,
    rsiLevel: 0,
    macdHistPpm: 0,
    fundingRatePpm: 0,
    breadthPpm: 0,
    drawdownSpeedPpm: 0,
    realisedVolPpm: 0,
    impliedVolPpm: 0,
    hedgeRatioPpm: 1_000_000,
    actionMask: bits(Action.ADD_MARGIN, Action.REDUCE, Action.OFFSET_HEDGE),
    maxHedgeNotional: 5_000_000n * e18,
    maxAddMargin: 20_000n * e18,
  };
  return {
    layers: [
      { ...protect, marginBufferPpm: 670_000, targetBufferPpm: 850_000 },
      { ...protect, marginBufferPpm: 650_000, targetBufferPpm: 850_000 },
      { ...protect, marginBufferPpm: 630_000, targetBufferPpm: 0 },
    ],
    settings: {
      rsiPeriod: 14,
      macdFast: 12,
      macdSlow: 26,
      macdSignal: 9,
      emaPeriod: 50,
      volWindowBars: 24,
      drawdownWindowBars: 4,
      fundingWindow: 21,
      barInterval: 3600,
      cooldown: 14_400,
      hysteresisPpm: 200_000,
      maxStaleness: 7200,
      maxSlippagePpm: 50_000,
      referenceBufferPpm: 687_500,
    },
  };
}
