import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBars } from "../../../src/backtest/data/loadBars.ts";
import { suspectBars, suspectWarning } from "../../../src/backtest/data/suspectBars.ts";
import { formatSummary } from "../../../src/backtest/formatSummary.ts";
import { runBacktest } from "../../../src/backtest/runBacktest.ts";
import { unhedged } from "../../../src/backtest/strategies/unhedged.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { bars, funding } from "./synthetic.ts";

const H = 3_600_000;

describe("suspect bars (one-bar move ≥ 50 %)", () => {
  it("flags a high ≥ +50 % or a low ≤ −50 % from the previous close, with the file line", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "alvh-suspect-"));
    const file = path.join(dir, "p.csv");
    const rows = [
      "open_time_ms,open_time_utc,open,high,low,close,volume_base",
      `0,x,100,101,99,100,1`, // line 2
      `${H},x,100,149.9,99,100,1`, // +49.9 %: not suspect
      `${2 * H},x,95.73,323,84.23,110.8,1`, // line 4: high 323 vs close 100 → +223 %
      `${3 * H},x,110,111,55,60,1`, // line 5: low 55 vs 110.8 → −50.36 %
      `${4 * H},x,60,61,59,60,1`,
    ];
    writeFileSync(file, `${rows.join("\n")}\n`);
    const b = loadBars(file);
    expect(b.suspects?.map((s) => [s.line, s.extreme, s.reference])).toEqual([
      [4, 323, 100],
      [5, 55, 110.8],
    ]);
    expect(b.suspects?.[0]?.move).toBeCloseTo(2.23, 12);
    expect(suspectWarning("p.csv", b.suspects?.[0] as never)).toBe(
      "warning: suspect bar p.csv:4 (1970-01-01 02:00 UTC): high 323 is +223.0 % from 100 in one bar — used as is; check the data",
    );
    expect(suspectWarning("p.csv", b.suspects?.[1] as never)).toContain("low 55 is -50.4 % from 110.8");
  });

  it("across a data gap the reference is the bar's own open (the jump is not one bar's move)", () => {
    const b = bars([
      [100, 100, 100, 100],
      [300, 310, 290, 300],
    ]);
    const gapped = { ...b, openTimeMs: Float64Array.from([0, 10 * H]) };
    expect(suspectBars(gapped)).toEqual([]);
    expect(suspectBars(b).map((s) => s.line)).toEqual([3]);
  });

  it("the backtest summary warns about a suspect bar in its window", () => {
    const b = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 180, 100, 100],
      [100, 100, 100, 100],
    ]);
    b.suspects = suspectBars(b);
    const r = runBacktest({
      bars: b,
      funding: funding(),
      policy: defaultPolicy(),
      position: { side: "long", leverage: 2, collateral: 1000, reserve: 0 },
      strategies: [unhedged],
    });
    expect(r.suspectBars.map((s) => s.line)).toEqual([4]);
    expect(formatSummary(r)).toContain("warning: suspect bar synthetic.csv:4");
  });
});
