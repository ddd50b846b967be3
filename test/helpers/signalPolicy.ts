import type { Policy } from "../../src/policy/Policy.ts";
import { Action, Signal } from "../../src/policy/Policy.ts";

const bits = (...xs: number[]) => xs.reduce((m, x) => m | (1 << x), 0);
const e18 = 10n ** 18n;

/**
 * The signal-driven policy that was the default before the rolling-window study (L1/L2 on RSI, MACD and
 * drawdown, cut 25 % / 75 %; L3 at 25 %). Unit tests of the strategy core and planner exercise every signal
 * path with it, independently of what the default policy is tuned to.
 */
export function signalPolicy(): Policy {
  return {
    layers: [
      {
        signalMask: bits(Signal.RSI, Signal.MACD, Signal.DRAWDOWN),
        minSignals: 2,
        rsiLevel: 65_00,
        macdHistPpm: 1_000,
        fundingRatePpm: 0,
        breadthPpm: 0,
        drawdownSpeedPpm: 20_000,
        realisedVolPpm: 0,
        impliedVolPpm: 0,
        marginBufferPpm: 500_000,
        hedgeRatioPpm: 250_000,
        actionMask: bits(Action.REDUCE, Action.OFFSET_HEDGE),
        maxHedgeNotional: 1_000_000n * e18,
        maxAddMargin: 1_000n * e18,
        targetBufferPpm: 0,
      },
      {
        signalMask: bits(Signal.RSI, Signal.MACD, Signal.DRAWDOWN),
        minSignals: 2,
        rsiLevel: 72_00,
        macdHistPpm: 4_000,
        fundingRatePpm: 0,
        breadthPpm: 0,
        drawdownSpeedPpm: 50_000,
        realisedVolPpm: 0,
        impliedVolPpm: 0,
        marginBufferPpm: 350_000,
        hedgeRatioPpm: 750_000,
        actionMask: bits(Action.ADD_MARGIN, Action.REDUCE, Action.OFFSET_HEDGE),
        maxHedgeNotional: 2_000_000n * e18,
        maxAddMargin: 5_000n * e18,
        targetBufferPpm: 0,
      },
      {
        signalMask: 0,
        minSignals: 0,
        rsiLevel: 0,
        macdHistPpm: 0,
        fundingRatePpm: 0,
        breadthPpm: 0,
        drawdownSpeedPpm: 0,
        realisedVolPpm: 0,
        impliedVolPpm: 0,
        marginBufferPpm: 250_000,
        hedgeRatioPpm: 1_000_000,
        actionMask: bits(Action.ADD_MARGIN, Action.REDUCE, Action.OFFSET_HEDGE),
        maxHedgeNotional: 5_000_000n * e18,
        maxAddMargin: 20_000n * e18,
        targetBufferPpm: 0,
      },
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
      referenceBufferPpm: 0,
    },
  };
}
