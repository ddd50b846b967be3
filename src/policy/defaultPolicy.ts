import type { Policy } from "./Policy.ts";
import { Action, Signal } from "./Policy.ts";

const bits = (...xs: number[]) => xs.reduce((m, x) => m | (1 << x), 0);
const e18 = 10n ** 18n;

/**
 * The policy a new book starts from (and the backtester's default). Tuned for a 5x long on an hourly bar:
 * at 5x with a 6.25 % maintenance ratio the margin buffer starts near 69 % and hits 0 after a ~14.7 % drop.
 *
 * - L1 (RSI, MACD, 4-bar drawdown; 2 of 3, or buffer ≤ 50 %): cut 25 %.
 * - L2 (the same signals at cascade strength — RSI ≥ 72 adverse, MACD histogram ≥ 0.4 % of price, ≥ 5 % in
 *   4 bars; 2 of 3, or buffer ≤ 35 %): cut 75 %, so a single hourly candle of −25…−30 % (2020-03-12) after
 *   the signals is survived. No BREADTH (one tracked market makes it 0 or 100 %) and no FUNDING (on the devnet
 *   it is an artefact of the price driver; historically it never decided a cascade).
 * - L3 (buffer ≤ 25 %): everything. Margin triggers read the buffer the book would have unhedged.
 * - Cooldown 4 h (a de-escalation waits four hourly bars after the last action); hysteresis 20 %; max
 *   slippage 5 % so a protective trade approved 30 min later still fills in a falling market.
 * Chosen with `alvh backtest events` (5x long, 30 min approval, L3 immediate: no liquidation in the 8 cascade
 * runs, unhedged liquidated in all 8) and 30-day rolling windows over 2020–2023 ETH/BTC (fewer liquidations
 * than the previous default and a higher return in windows the unhedged book survives).
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
    },
  };
}
