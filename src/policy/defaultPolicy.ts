import type { Policy } from "./Policy.ts";
import { Action, Signal } from "./Policy.ts";

const bits = (...xs: number[]) => xs.reduce((m, x) => m | (1 << x), 0);
const e18 = 10n ** 18n;

/**
 * The policy a new book starts from (and the backtester's default). Tuned for a 5x long on an hourly bar:
 * at 5x with a 6.25 % maintenance ratio the margin buffer starts near 69 % and hits 0 after a ~14.7 % drop.
 */
export function defaultPolicy(): Policy {
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
      },
      {
        signalMask: bits(Signal.FUNDING, Signal.BREADTH, Signal.DRAWDOWN, Signal.REALISED_VOL),
        minSignals: 2,
        rsiLevel: 0,
        macdHistPpm: 0,
        fundingRatePpm: 500,
        breadthPpm: 600_000,
        drawdownSpeedPpm: 40_000,
        realisedVolPpm: 900_000,
        impliedVolPpm: 0,
        marginBufferPpm: 350_000,
        hedgeRatioPpm: 500_000,
        actionMask: bits(Action.ADD_MARGIN, Action.REDUCE, Action.OFFSET_HEDGE),
        maxHedgeNotional: 2_000_000n * e18,
        maxAddMargin: 5_000n * e18,
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
        marginBufferPpm: 200_000,
        hedgeRatioPpm: 1_000_000,
        actionMask: bits(Action.ADD_MARGIN, Action.REDUCE, Action.OFFSET_HEDGE),
        maxHedgeNotional: 5_000_000n * e18,
        maxAddMargin: 20_000n * e18,
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
      cooldown: 1800,
      hysteresisPpm: 200_000,
      maxStaleness: 7200,
      maxSlippagePpm: 10_000,
    },
  };
}
