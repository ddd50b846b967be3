import { describe, expect, it } from "vitest";
import { formatSummary } from "../../../src/backtest/formatSummary.ts";
import { runBacktest } from "../../../src/backtest/runBacktest.ts";
import { unhedged } from "../../../src/backtest/strategies/unhedged.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { funding, path } from "./synthetic.ts";

const bars = path(Array.from({ length: 300 }, (_v, k) => 100 + Math.sin(k / 7)));
const position = { side: "long", leverage: 5, collateral: 10_000, reserve: 0 } as const;
const run = (from: number) =>
  runBacktest({
    bars,
    funding: funding(),
    policy: defaultPolicy(),
    position,
    fromMs: bars.openTimeMs[from],
    strategies: [unhedged],
  });

describe("backtest warm-up", () => {
  it("warns when fewer than the warm-up bars exist before --from", () => {
    const cold = run(0);
    expect(cold.warmup).toEqual({ wanted: 200, available: 0 });
    expect(formatSummary(cold)).toMatch(/warning: only 0 of 200 warm-up bars before/);
    const partial = run(50);
    expect(partial.warmup).toEqual({ wanted: 200, available: 50 });
    expect(formatSummary(partial)).toMatch(/only 50 of 200/);
  });

  it("says nothing when the file holds the whole warm-up", () => {
    const warm = run(250);
    expect(warm.warmup).toEqual({ wanted: 200, available: 200 });
    expect(formatSummary(warm)).not.toMatch(/warm-up/);
  });
});
