import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BacktestInputError } from "../../../src/backtest/BacktestInputError.ts";
import { runSweepCommand } from "../../../src/backtest/cli/runSweepCommand.ts";
import { resolveDataDir } from "../../../src/backtest/dataDir.ts";
import type { StrategyStats } from "../../../src/backtest/study/aggregateStudy.ts";
import { type GoalMargin, goalMargin } from "../../../src/backtest/study/goalMargin.ts";
import { rankSweep, type SweepRow } from "../../../src/backtest/sweep.ts";
import { humanGridPoints, sampleGridPoints } from "../../../src/backtest/sweepGrid.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { diffPolicy } from "../../../src/policy/diffPolicy.ts";
import { readPolicyFile } from "../../../src/policy/policyJson.ts";

const present = existsSync(path.join(resolveDataDir(undefined, process.env), "eth_perp_1h_2020-2023.csv"));

const stats = (breached: number, p10Return: number, medianReturn: number) =>
  ({ breached, p10Return, medianReturn }) as StrategyStats;
const row = (name: string, s: StrategyStats): SweepRow => ({ name, changes: [], stats: s, pairwise: [] });
/** A goal margin of `min` on every statistic. */
const goal = (min: number): GoalMargin => ({
  median: min,
  mean: min,
  p10: min,
  min,
  against: { median: "", mean: "", p10: "" },
});

describe("sweep", () => {
  it("ranks by breached windows, then the 10th percentile, then the median, then the name", () => {
    const ranked = rankSweep([
      row("a", stats(1, -0.2, 0.1)),
      row("b", stats(0, -0.5, -0.3)),
      row("c", stats(0, -0.4, -0.6)),
      row("d", stats(0, -0.4, -0.1)),
      row("e", stats(0, -0.4, -0.1)),
    ]);
    expect(ranked.map((r) => r.name)).toEqual(["d", "e", "c", "b", "a"]);
  });

  it("the goal margin: each statistic minus the best baseline's, and the smallest of them", () => {
    const s = (medianReturn: number, meanReturn: number, p10Return: number) =>
      ({ medianReturn, meanReturn, p10Return }) as StrategyStats;
    // stop-loss −0.34 / 0.054 / −0.561, deleverage −0.115 / 0.042 / −0.837: the bests are −0.115, 0.054, −0.561
    const m = goalMargin(s(-0.132, 0.056, -0.217), {
      stopLoss: s(-0.339, 0.054, -0.561),
      deleverage: s(-0.115, 0.042, -0.837),
    });
    expect(m.median).toBeCloseTo(-0.017, 12);
    expect(m.mean).toBeCloseTo(0.002, 12);
    expect(m.p10).toBeCloseTo(0.344, 12);
    expect(m.min).toBe(m.median);
    expect(m.against).toEqual({ median: "deleverage", mean: "stopLoss", p10: "stopLoss" });
    expect(goalMargin(s(0, 0, 0), {}).min).toBeNaN();
  });

  it("--rank goal: breaches first, then the largest goal margin, then the 10th percentile", () => {
    const g = (name: string, breached: number, min: number | undefined, p10: number): SweepRow => ({
      ...row(name, stats(breached, p10, 0)),
      ...(min === undefined ? {} : { goal: goal(min) }),
    });
    const rows = [
      g("a", 1, 0.5, 0),
      g("b", 0, -0.02, -0.1),
      g("c", 0, 0.01, -0.4),
      g("d", 0, 0.01, -0.3),
      g("e", 0, undefined, 0),
    ];
    expect(rankSweep(rows, "goal").map((r) => r.name)).toEqual(["d", "c", "b", "e", "a"]);
    // the study ranking ignores the margin
    expect(rankSweep(rows).map((r) => r.name)).toEqual(["e", "b", "d", "c", "a"]);
  });

  it("--min-worst-buffer: a policy running closer to maintenance than the floor ranks after every one that keeps it", () => {
    const g = (name: string, min: number, worstBuffer: number): SweepRow => ({
      ...row(name, { ...stats(0, -0.2, 0), worstBuffer } as StrategyStats),
      goal: goal(min),
    });
    const rows = [g("close", 0.05, 0.005), g("safe", -0.01, 0.5), g("safer", -0.02, 0.51)];
    expect(rankSweep(rows, "goal").map((r) => r.name)).toEqual(["close", "safe", "safer"]);
    expect(rankSweep(rows, "goal", 0.25).map((r) => r.name)).toEqual(["safe", "safer", "close"]);
    // breaches still come first
    const breached = { ...g("breached", 0.1, 0.6), stats: { ...stats(1, 0, 0), worstBuffer: 0.6 } as StrategyStats };
    expect(rankSweep([breached, ...rows], "goal", 0.25).at(-1)?.name).toBe("breached");
  });

  it("--sample: distinct combinations drawn with a seed (same seed, same points), invalid ones redrawn", () => {
    const base = defaultPolicy();
    const grid = {
      "L2.marginBuffer": ["64%", "64.5%", "66%", "70%"], // 70 % is above L1's 67 %: rejected
      "settings.cooldown": ["1h", "2h", "4h", "8h"],
    };
    const a = sampleGridPoints(base, grid, 5, 7);
    const b = sampleGridPoints(base, grid, 5, 7);
    expect(a.points.map((p) => p.label)).toEqual(b.points.map((p) => p.label));
    expect(a.points.length).toBe(5);
    expect(new Set(a.points.map((p) => p.label)).size).toBe(5);
    expect(a.points.every((p) => !p.label.includes("70%"))).toBe(true);
    expect(sampleGridPoints(base, grid, 5, 8).points.map((p) => p.label)).not.toEqual(a.points.map((p) => p.label));
    // more asked than the grid holds: every valid combination once (12), the 4 rejected ones counted
    const all = sampleGridPoints(base, grid, 100, 1);
    expect(all.points.length).toBe(12);
    expect(all.skipped).toBe(4);
  });

  it("a human grid: every combination in policy units, invalid ones skipped, every changed field listed", () => {
    const base = defaultPolicy();
    const { points, skipped } = humanGridPoints(base, {
      "L2.marginBuffer": ["64%", "70%"], // 70 % is above L1's 67 %: the validation rejects it
      "settings.cooldown": ["2h", "6h"],
    });
    expect(skipped).toBe(2);
    expect(points.map((p) => p.label)).toEqual([
      "L2.marginBuffer=64% settings.cooldown=2h",
      "L2.marginBuffer=64% settings.cooldown=6h",
    ]);
    expect(diffPolicy(base, points[0]?.policy ?? base)).toEqual([
      "L2 marginBuffer: 65% → 64%",
      expect.stringMatching(/^settings cooldown: .* → 2h$/),
    ]);
  });

  it("--sample without --grid is refused", async () => {
    await expect(runSweepCommand({ sample: "5" }, { out: () => {}, env: {} })).rejects.toThrow(
      /--sample draws from a grid/,
    );
  });

  it("a grid key that names no policy field throws (a typo must not shrink the grid)", () => {
    expect(() => humanGridPoints(defaultPolicy(), { "L2.marginBufer": ["30%"] })).toThrow(BacktestInputError);
    expect(() => humanGridPoints(defaultPolicy(), { "L4.marginBuffer": ["30%"] })).toThrow(/unknown sweep grid key/);
  });

  // on the shared data folder's assets (absent on a fresh clone: skipped)
  it.skipIf(!present)("alvh backtest sweep writes every ranked policy as a policy file", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "alvh-sweep-"));
    const grid = path.join(out, "grid.json");
    writeFileSync(grid, JSON.stringify({ "L3.marginBuffer": ["60%", "62%"] }));
    let printed = "";
    await runSweepCommand(
      {
        grid,
        out: path.join(out, "policies"),
        from: "2022-05-01",
        to: "2022-08-01",
        sides: "long",
        workers: "1",
        rank: "goal",
      },
      { out: (t) => (printed += t), env: {} },
    );
    expect(printed).toContain("sweep: 3 policies (base + 2 grid points");
    expect(printed).toContain("ranked by breached windows, then the goal margin");
    expect(printed).toMatch(/goal margin/);
    expect(printed).toMatch(/p1: L3 marginBuffer: 63% → 60%/);
    const files = readdirSync(path.join(out, "policies")).sort();
    expect(files.length).toBe(3);
    const first = readPolicyFile(path.join(out, "policies", files[0] as string));
    expect(first.layers.length).toBe(3);
    expect(readFileSync(path.join(out, "policies", files[0] as string), "utf8")).toContain('"marginBuffer"');
  });
});
