import { describe, expect, it } from "vitest";
import type { SimAction, StrategyFactory } from "../../../src/backtest/BacktestStrategy.ts";
import { runBacktest } from "../../../src/backtest/runBacktest.ts";
import { PERP_V2 } from "../../../src/backtest/sim/VenueMarginModel.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { EmergencyAction } from "../../../src/reconcile/EmergencyStatus.ts";
import { toUnits } from "../../../src/signals/toFloat.ts";
import { bars, funding } from "./synthetic.ts";

const noSlip = { ...PERP_V2, slippage: 0 };
const position = { side: "long", leverage: 5, collateral: 1000, reserve: 0 } as const;
const l3 = {
  marginBufferPpm: 999_999,
  hedgeRatioPpm: 1_000_000,
  actionMask: 3,
  maxHedgeNotional: 10n ** 30n,
  maxAddMargin: 10n ** 30n,
};

/** Watches `trigger` and, when reached, asks the module to cut `notional` (quote) of the position. */
function watcher(trigger: number, notional: number): StrategyFactory {
  let n = 0;
  return {
    name: "watcher",
    create: () => ({
      layer: 0,
      moduleLimits: l3,
      marginTrigger: () => trigger,
      act: (v): SimAction[] =>
        v.atTrigger
          ? [{ kind: "protect", id: `m${++n}`, action: EmergencyAction.reduce, amount: toUnits(notional) }]
          : [],
    }),
  };
}

function run(b: ReturnType<typeof bars>, strategy: StrategyFactory, latencyMs: number, module?: object) {
  return runBacktest({
    bars: b,
    funding: funding(),
    policy: defaultPolicy(),
    position,
    model: noSlip,
    strategies: [strategy],
    record: true,
    execution: {
      approvalDelayMs: 30 * 60_000,
      emergencyImmediate: true,
      reactionLatencyMs: latencyMs,
      module: { cooldown: 0, period: 3600, periodMarginCap: 0, periodReduceCap: 1e9, ...module },
    },
  });
}

describe("backtest: module actions are watched triggers", () => {
  it("a margin trigger crossed inside a bar fills at the trigger price, not at the next open", () => {
    const b = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [99, 99, 90, 92], // crosses 95 on the way down
      [92, 92, 92, 92],
    ]);
    const r = run(b, watcher(95, 1000), 0, { cooldown: 86_400 });
    const m = r.strategies.watcher;
    // 1000 of notional valued at 95: 10.526 base sold at 95 → fee 0.1 % × 1000
    expect(m?.moduleActions).toBe(1);
    expect(m?.hedgeFees).toBeCloseTo(1, 9);
    expect(r.series?.books.watcher?.hedgeRatio[2]).toBeCloseTo(1000 / 95 / 50, 6);
  });

  it("on a gap through the trigger it fills at the open", () => {
    const b = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [90, 91, 88, 90], // opens below 95
      [90, 90, 90, 90],
    ]);
    const r = run(b, watcher(95, 1000), 0, { cooldown: 86_400 });
    // valued at the open (90): 11.11 base sold at 90 → fee 1; hedge ratio 11.11 / 50
    expect(r.strategies.watcher?.hedgeFees).toBeCloseTo(1, 9);
    expect(r.series?.books.watcher?.hedgeRatio[2]).toBeCloseTo(1000 / 90 / 50, 6);
  });

  it("the reaction latency moves the fill along the bar's path", () => {
    const b = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 88, 88], // path 100 → 88 → 100 → 88: length 36; 95 is reached after 5
    ]);
    // 6 min latency = 0.1 bar = 3.6 of path → fill at 95 − 3.6 = 91.4 (valued there too)
    const r = run(b, watcher(95, 914), 6 * 60_000);
    expect(r.series?.books.watcher?.hedgeRatio[2]).toBeCloseTo(10 / 50, 6);
  });

  it("a cut that leaves the book in Layer 3 with less than minEffectPpm of gain reverts (EffectTooSmall)", () => {
    const b = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [99, 99, 90, 92], // crosses 95 on the way down
      [92, 92, 92, 92],
    ]);
    // At 95: value 1000 − 5 (opening fee) − 50 × 5 = 745, requirement 6.25 % × 50 × 95 = 296.875 → buffer 601 510
    // ppm. Cutting 10 of notional (0.105 base, fee 0.01) leaves 744.99 against 296.25 → 602 338 ppm: a gain of
    // 828 ppm, under the deployment's 5 000, and still in Layer 3 → the module refuses it and nothing trades.
    const dust = run(b, watcher(95, 10), 0, { cooldown: 86_400 }).strategies.watcher;
    expect(dust?.moduleActions).toBe(0);
    expect(dust?.moduleReverts).toBeGreaterThan(0);
    expect(dust?.hedgeFees).toBe(0);
    expect(dust?.trades).toBe(0);
    // 100 of notional: 744.9 against 290.625 → 609 845 ppm, a gain of 8 335 ppm ≥ 5 000 → accepted.
    const cut = run(b, watcher(95, 100), 0, { cooldown: 86_400 }).strategies.watcher;
    // (same bars, caps and cooldown: only the effect differs; the later ask at 92 meets the cooldown)
    expect(cut?.moduleActions).toBe(1);
    expect(cut?.hedgeFees).toBeCloseTo(0.1, 9);
  });

  it("the module's per-period cap binds in a long crash", () => {
    const b = bars(
      Array.from({ length: 12 }, (_v, k) => [100 - k, 100 - k, 99 - k, 99 - k] as [number, number, number, number]),
    );
    // a cut of 100 per bar, 250 per 4 h: two per period, the third refused (PeriodCapExceeded)
    const r = run(b, watcher(1000, 100), 0, { period: 4 * 3600, periodReduceCap: 250 });
    const m = r.strategies.watcher;
    expect(m?.moduleActions).toBe(6);
    expect(m?.moduleReverts).toBe(5);
  });
});
