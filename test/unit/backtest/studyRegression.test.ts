import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveDataDir } from "../../../src/backtest/dataDir.ts";
import { summarizeStudy } from "../../../src/backtest/study/aggregateStudy.ts";
import { loadStudyData } from "../../../src/backtest/study/loadStudyData.ts";
import { runStudy } from "../../../src/backtest/study/runStudy.ts";
import { DEFAULT_ASSETS, DEFAULT_STUDY } from "../../../src/backtest/study/StudyConfig.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";

const dir = resolveDataDir(undefined, process.env);
const present = DEFAULT_ASSETS.every(
  (a) => existsSync(path.join(dir, a.prices)) && existsSync(path.join(dir, a.funding)),
);
if (!present) console.warn(`skipping the study regression test: no historical data in ${dir}`);

/**
 * The default policy's study figures on a small fixed grid of the shared data: 2021-04 … 2021-07 (the May 2021
 * crash inside), 30-day windows stepped 15 days, ETH and BTC, long and short, 3x and 5x, 60-minute approval
 * delay — 7 windows × 2 assets × 2 sides × 2 leverages = 56 cells. A change to the simulator, a baseline or the
 * default policy moves these numbers: update them deliberately, with the study's full figures in the commit.
 */
describe.skipIf(!present)("study regression: the default policy on a fixed grid", () => {
  it("pins breached windows, median, 10th percentile and mean per strategy, and ALVH's pairwise record", async () => {
    const run = await runStudy(
      {
        ...DEFAULT_STUDY,
        assets: DEFAULT_ASSETS,
        fromMs: Date.parse("2021-04-01T00:00:00Z"),
        toMs: Date.parse("2021-08-01T00:00:00Z"),
        leverages: [3, 5],
        policies: [{ name: "alvh", policy: defaultPolicy() }],
      },
      loadStudyData(DEFAULT_ASSETS, dir),
      { workers: 1 },
    );
    expect(run.windows.length).toBe(56);
    const [s] = summarizeStudy(run.windows, ["unhedged", "static", "stopLoss", "deleverage"], ["alvh"]);
    const figures = Object.fromEntries(
      Object.entries(s?.strategies ?? {}).map(([n, st]) => [
        n,
        [st.breached, st.medianReturn, st.p10Return, st.meanReturn].map((x) => Number(x.toFixed(4))),
      ]),
    );
    expect(figures).toEqual({
      unhedged: [30, -0.787, -0.9172, -0.1591],
      static: [8, -0.0756, -0.8759, -0.0669],
      stopLoss: [0, -0.3478, -0.714, -0.0384],
      deleverage: [0, -0.3391, -0.9165, -0.0921],
      alvh: [8, -0.5488, -0.8783, -0.1304],
    });
    expect(s?.pairwise.alvh?.map((r) => [r.versus, r.wins, r.ties, r.losses])).toEqual([
      ["unhedged", 28, 0, 28],
      ["static", 28, 0, 28],
      ["stopLoss", 9, 0, 47],
      ["deleverage", 22, 0, 34],
    ]);
  });
});
