import { describe, expect, it } from "vitest";
import type { StrategyFactory } from "../../../src/backtest/BacktestStrategy.ts";
import { backtestJson, runBacktest } from "../../../src/backtest/runBacktest.ts";
import { type AlvhStep, type AlvhStrategy, alvh } from "../../../src/backtest/strategies/alvh.ts";
import { unhedged } from "../../../src/backtest/strategies/unhedged.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import type { Policy } from "../../../src/policy/Policy.ts";
import { validatePolicy } from "../../../src/policy/validatePolicy.ts";
import { runStrategy } from "../../../src/strategy/runStrategy.ts";
import { funding, path } from "./synthetic.ts";

/** Margin-buffer layers only (no signal triggers): L1 at 50 % → hedge 50 %, L2 at 35 % → 75 %, L3 at 20 % → 100 %. */
function marginPolicy(): Policy {
  const base = defaultPolicy();
  const [l1, l2, l3] = base.layers;
  return validatePolicy({
    layers: [
      { ...l1, signalMask: 0, minSignals: 0, marginBufferPpm: 500_000, hedgeRatioPpm: 500_000 },
      { ...l2, signalMask: 0, minSignals: 0, marginBufferPpm: 350_000, hedgeRatioPpm: 750_000 },
      { ...l3, marginBufferPpm: 200_000, hedgeRatioPpm: 1_000_000 },
    ],
    settings: base.settings,
  });
}

// 120 flat bars (warm-up), a 1 %-per-bar slide to −18 %, then flat: a 5x long is liquidated near −14.6 %.
const slide = path([
  ...Array.from({ length: 120 }, () => 100),
  ...Array.from({ length: 20 }, (_v, k) => 100 * 0.99 ** (k + 1)),
  ...Array.from({ length: 20 }, () => 100 * 0.99 ** 20),
]);
const position = { side: "long", leverage: 5, collateral: 10_000, reserve: 0 } as const;

describe("ALVH in the backtester", () => {
  it("the unhedged baseline breaches where ALVH with a margin-buffer policy does not", () => {
    const policy = marginPolicy();
    const r = runBacktest({
      bars: slide,
      funding: funding(),
      policy,
      position,
      fromMs: slide.openTimeMs[60],
      strategies: [unhedged, alvh(policy)],
    });
    const u = r.strategies.unhedged;
    const a = r.strategies.alvh;
    expect(u?.breaches).toBe(1);
    expect(u?.liquidated).toBe(true);
    expect(a?.breaches).toBe(0);
    expect(a?.liquidated).toBe(false);
    expect(a?.minMarginBuffer).toBeGreaterThan(0);
    expect(a?.layerActivations.l1).toBeGreaterThanOrEqual(1);
    expect(a?.maxHedgeRatio).toBeGreaterThanOrEqual(0.5);
    expect(a?.finalEquity).toBeGreaterThan(u?.finalEquity ?? Number.POSITIVE_INFINITY);
  });

  it("is deterministic: byte-identical JSON for the same inputs", () => {
    const policy = marginPolicy();
    const input = { bars: slide, funding: funding(), policy, position, strategies: [unhedged, alvh(policy)] };
    expect(backtestJson(runBacktest(input))).toBe(backtestJson(runBacktest(input)));
  });

  it("makes the same decision as calling the shared runStrategy directly on the same snapshot", () => {
    const policy = marginPolicy();
    // The first step that planned (at a close, or inside a bar at a watched margin trigger): its snapshot is
    // the one compared.
    let first: AlvhStep | undefined;
    runBacktest({
      bars: slide,
      funding: funding(),
      policy,
      position,
      fromMs: slide.openTimeMs[60],
      strategies: [
        alvh(policy, {
          onStep: (step) => {
            if (first === undefined && step.result.plans.length > 0) first = step;
          },
        }),
      ],
    });
    expect(first).toBeDefined();
    const step = first as AlvhStep;
    // The snapshot is built from the shared types (bigint amounts, derived margin buffer).
    const book = step.snapshot.books[0];
    expect(typeof book?.accountValue).toBe("bigint");
    expect(book?.marginBufferPpm).toBeLessThanOrEqual(500_000);
    const direct = runStrategy(step.snapshot, step.policies, step.states, { now: () => step.now }, step.options);
    expect(direct).toEqual(step.result);
    expect(direct.decisions[0]?.layer).toBeGreaterThanOrEqual(1);
    expect(direct.plans[0]?.intents[0]?.kind).toBe("reduce");
  });

  it("does not re-add exposure while a crash pauses and resumes (layers read the unhedged buffer)", () => {
    // −9.6 % over 10 bars (L1 cuts half), 12 flat bars at the low, then 1 %/bar further to −25 %, flat.
    const low = 100 * 0.99 ** 10;
    const pause = path([
      ...Array.from({ length: 120 }, () => 100),
      ...Array.from({ length: 10 }, (_v, k) => 100 * 0.99 ** (k + 1)),
      ...Array.from({ length: 12 }, () => low),
      ...Array.from({ length: 17 }, (_v, k) => low * 0.99 ** (k + 1)),
      ...Array.from({ length: 20 }, () => low * 0.99 ** 17),
    ]);
    const policy = marginPolicy();
    const kinds: string[] = [];
    const r = runBacktest({
      bars: pause,
      funding: funding(),
      policy,
      position,
      fromMs: pause.openTimeMs[60],
      strategies: [
        unhedged,
        alvh(policy, { onStep: (s) => kinds.push(...s.result.plans.flatMap((p) => p.intents.map((i) => i.kind))) }),
      ],
    });
    expect(r.strategies.unhedged?.liquidated).toBe(true);
    expect(kinds).toContain("reduce");
    expect(kinds).not.toContain("restore");
    expect(r.strategies.alvh?.liquidated).toBe(false);
  });
});
