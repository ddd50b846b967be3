import { describe, expect, it } from "vitest";
import { renderChartSvg } from "../../../src/backtest/chart/renderChartSvg.ts";
import { formatSummary, SUMMARY_HEADER } from "../../../src/backtest/formatSummary.ts";
import { runBacktest } from "../../../src/backtest/runBacktest.ts";
import { PERP_V2 } from "../../../src/backtest/sim/VenueMarginModel.ts";
import { staticHedge } from "../../../src/backtest/strategies/staticHedge.ts";
import { unhedged } from "../../../src/backtest/strategies/unhedged.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { bars, funding, HOUR, T0 } from "./synthetic.ts";

const flat = (n: number, wickLow = 100) =>
  bars(Array.from({ length: n }, (_v, i) => [100, 100, i === 5 ? wickLow : 100, 100] as const));

function run(b = flat(12)) {
  return runBacktest({
    bars: b,
    funding: funding([[T0 + 4 * HOUR, 0.001]]),
    policy: defaultPolicy(),
    position: { side: "long", leverage: 5, collateral: 1000, reserve: 0 },
    model: PERP_V2,
    strategies: [unhedged, staticHedge(0.5)],
    record: true,
  });
}

/** The table's cells of one strategy, by column name. */
function row(text: string, name: string): Record<string, string> {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `)) ?? "";
  const cells = line.trim().split(/\s{2,}/);
  return Object.fromEntries(SUMMARY_HEADER.map((h, k) => [h, cells[k] ?? ""]));
}

describe("backtest table honesty", () => {
  it("fees and funding count the whole book: unhedged shows its open fee and its funding, not 0.00", () => {
    const r = run();
    const u = row(formatSummary(r), "unhedged");
    // opening 5000 notional: fee 0.1 % of 5000 × 1.0005 plus slippage 0.05 % of 5000 = 7.5025
    expect(u.fees).toBe((5000 * 1.0005 * 0.001 + 5000 * 0.0005).toFixed(2));
    // one funding event at 0.1 %: the long pays 50 base × 100 × 0.001 = 5
    expect(u.funding).toBe("5.00");
    expect(Number(u.fees)).toBeCloseTo(r.strategies.unhedged?.feesPaid ?? Number.NaN, 2);
    // the static hedge's row carries its open fee and its hedge trade's fee
    expect(Number(row(formatSummary(r), "static").fees)).toBeCloseTo(r.strategies.static?.feesPaid ?? 0, 2);
  });

  it("the chart's price panel spans the bars' high/low, not only the closes", () => {
    const svg = renderChartSvg(run(flat(12, 60)));
    // price axis labels (the first panel's five ticks) reach below the wick low of 60
    const labels = [...svg.matchAll(/text-anchor="end" fill="#555">([\d.]+)</g)].slice(0, 5).map((m) => Number(m[1]));
    expect(Math.min(...labels)).toBeLessThan(60);
    expect(Math.max(...labels)).toBeGreaterThanOrEqual(100);
  });
});
