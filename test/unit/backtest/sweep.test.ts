import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BacktestInputError } from "../../../src/backtest/BacktestInputError.ts";
import { runSweepCommand } from "../../../src/backtest/cli/runSweepCommand.ts";
import { resolveDataDir } from "../../../src/backtest/dataDir.ts";
import type { StrategyStats } from "../../../src/backtest/study/aggregateStudy.ts";
import { rankSweep, type SweepRow } from "../../../src/backtest/sweep.ts";
import { humanGridPoints } from "../../../src/backtest/sweepGrid.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { diffPolicy } from "../../../src/policy/diffPolicy.ts";
import { readPolicyFile } from "../../../src/policy/policyJson.ts";

const present = existsSync(path.join(resolveDataDir(undefined, process.env), "eth_perp_1h_2020-2023.csv"));

const stats = (breached: number, p10Return: number, medianReturn: number) =>
  ({ breached, p10Return, medianReturn }) as StrategyStats;
const row = (name: string, s: StrategyStats): SweepRow => ({ name, changes: [], stats: s, pairwise: [] });

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
      },
      { out: (t) => (printed += t), env: {} },
    );
    expect(printed).toContain("sweep: 3 policies (base + 2 grid points");
    expect(printed).toMatch(/p1: L3 marginBuffer: 63% → 60%/);
    const files = readdirSync(path.join(out, "policies")).sort();
    expect(files.length).toBe(3);
    const first = readPolicyFile(path.join(out, "policies", files[0] as string));
    expect(first.layers.length).toBe(3);
    expect(readFileSync(path.join(out, "policies", files[0] as string), "utf8")).toContain('"marginBuffer"');
  });
});
