import { describe, expect, it } from "vitest";
import type { Bars } from "../../../src/backtest/data/Bars.ts";
import { runBacktest } from "../../../src/backtest/runBacktest.ts";
import { alvh } from "../../../src/backtest/strategies/alvh.ts";
import { runStudyJob } from "../../../src/backtest/study/runStudyJob.ts";
import { DEFAULT_STUDY, type StudyConfig } from "../../../src/backtest/study/StudyConfig.ts";
import { contiguousBarsBefore, studyWindows } from "../../../src/backtest/study/studyWindows.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { signalPolicy } from "../../helpers/signalPolicy.ts";
import { funding, HOUR, path, T0 } from "./synthetic.ts";

const DAY = 24 * HOUR;
/** `days` of hourly bars from T0, with a gentle wave (the prices do not matter for the windows). */
const hourly = (days: number) => path(Array.from({ length: days * 24 }, (_v, i) => 100 + 5 * Math.sin(i / 30)));
/** Funding every 8 h over the same span. */
const fundingOver = (days: number) => funding(Array.from({ length: days * 3 }, (_v, k) => [T0 + k * 8 * HOUR, 0.0001]));

/** `b` without the bars in [fromMs, toMs) (a data gap), re-indexed. */
function withHole(b: Bars, fromMs: number, toMs: number): Bars {
  const keep = Array.from(b.openTimeMs, (t, i) => (t < fromMs || t >= toMs ? i : -1)).filter((i) => i >= 0);
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i] as number);
  return {
    ...b,
    length: keep.length,
    openTimeMs: pick(b.openTimeMs),
    open: pick(b.open),
    high: pick(b.high),
    low: pick(b.low),
    close: pick(b.close),
    volume: pick(b.volume),
  };
}

describe("study windows", () => {
  const bars = hourly(40);
  const fund = fundingOver(40);
  const grid = { fromMs: T0, toMs: T0 + 40 * DAY, windowMs: 10 * DAY, stepMs: 5 * DAY, warmupBars: 0 };

  it("steps from the anchor; the last window ends exactly at the data end (edges inclusive of a full fit)", () => {
    const w = studyWindows(bars, fund, grid);
    // starts at day 0, 5, …, 30 (day 30 + 10 = 40 = the end): 7 windows; day 35 would end past the range
    expect(w.windows.map((x) => (x.fromMs - T0) / DAY)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(w.windows.every((x) => x.toMs - x.fromMs === 10 * DAY)).toBe(true);
    expect(w.skipped).toEqual([]);
    expect(w.outside).toBe(0);
  });

  it("a grid range beyond the data counts its windows as outside, not skipped", () => {
    const w = studyWindows(bars, fund, { ...grid, fromMs: T0 - 10 * DAY, toMs: T0 + 50 * DAY });
    // starts −10, −5 (before the data) and 35, 40 (past it) are outside; 0 … 30 run
    expect(w.windows.length).toBe(7);
    expect(w.outside).toBe(4);
  });

  it("a window starts only where funding exists too", () => {
    const late = funding(Array.from({ length: 60 }, (_v, k) => [T0 + 12 * DAY + k * 8 * HOUR, 0.0001]));
    const w = studyWindows(bars, late, grid);
    // funding covers days 12 … 32 (last event 31.67 + its 8 h): windows from day 15 and 20; 25 ends at 35
    expect(w.windows.map((x) => (x.fromMs - T0) / DAY)).toEqual([15, 20]);
  });

  it("a hole in the funding inside a window skips it with the reason (it would price no funding there)", () => {
    // no events between day 17 and day 19 (declared every 8 h): windows from day 10 and 15 hold the hole
    const holed = funding(
      Array.from({ length: 120 }, (_v, k) => [T0 + k * 8 * HOUR, 0.0001] as [number, number]).filter(
        ([t]) => t <= T0 + 17 * DAY || t >= T0 + 19 * DAY,
      ),
    );
    const w = studyWindows(bars, holed, grid);
    expect(w.skipped.map((s) => [(s.fromMs - T0) / DAY, s.reason])).toEqual([
      [10, "no funding events between 2021-05-18 00:00 and 2021-05-20 00:00 UTC (declared every 8 h)"],
      [15, "no funding events between 2021-05-18 00:00 and 2021-05-20 00:00 UTC (declared every 8 h)"],
    ]);
    expect(w.windows.map((x) => (x.fromMs - T0) / DAY)).toEqual([0, 5, 20, 25, 30]);
  });

  it("warm-up: a window needs that many contiguous bars before it, else it is skipped with the reason", () => {
    const w = studyWindows(bars, fund, { ...grid, warmupBars: 200 });
    // day 0 has no bars before it; day 5 has 120 (< 200); day 10 has 240
    expect(w.skipped.map((s) => [(s.fromMs - T0) / DAY, s.reason])).toEqual([
      [0, "0 bars before the window to warm up on (need 200)"],
      [5, "120 bars before the window to warm up on (need 200)"],
    ]);
    expect(w.windows.map((x) => (x.fromMs - T0) / DAY)).toEqual([10, 15, 20, 25, 30]);
  });

  it("a data gap over a day breaks the warm-up; a shorter gap does not", () => {
    const long = withHole(bars, T0 + 8 * DAY, T0 + 9.5 * DAY); // 36 h missing before day 10
    expect(contiguousBarsBefore(long, 9.5 * 24 - 36 + 12, 200)).toBe(12);
    const w = studyWindows(long, fund, { ...grid, warmupBars: 200 });
    expect(w.skipped.find((s) => s.fromMs === T0 + 10 * DAY)?.reason).toBe(
      "12 bars before the window to warm up on (need 200)",
    );
    const short = withHole(bars, T0 + 8 * DAY, T0 + 8 * DAY + 6 * HOUR); // 6 h missing
    expect(studyWindows(short, fund, { ...grid, warmupBars: 200 }).windows[0]?.fromMs).toBe(T0 + 10 * DAY);
  });

  it("a window mostly missing its bars is skipped (coverage below 95 %)", () => {
    const holed = withHole(bars, T0 + 21 * DAY, T0 + 23 * DAY); // 48 of 240 bars missing in days 20 … 30
    const w = studyWindows(holed, fund, grid);
    expect(w.skipped.map((s) => [(s.fromMs - T0) / DAY, s.reason])).toEqual([
      [15, "the window holds 192 of 240 bars"],
      [20, "the window holds 192 of 240 bars"],
    ]);
  });

  it("each cell's indicators are warmed on the bars before the window (same as runBacktest with that warm-up)", () => {
    // a steady climb, then a sell-off right at the window start: warmed indicators see it from the first bar
    const closes = [
      ...Array.from({ length: 300 }, (_v, i) => 100 * 1.002 ** i),
      ...Array.from({ length: 200 }, (_v, i) => 100 * 1.002 ** 300 * 0.993 ** (i + 1)),
    ];
    const b = path(closes);
    const f = funding(Array.from({ length: 70 }, (_v, k) => [T0 + k * 8 * HOUR, 0.0001]));
    // signal layers read the warmed indicators (the default policy's margin-only layers do not)
    const policy = signalPolicy();
    const config: StudyConfig = {
      ...DEFAULT_STUDY,
      assets: [{ name: "x", prices: "x.csv", funding: "f.csv" }],
      windowMs: 150 * HOUR,
      stepMs: 150 * HOUR,
      warmupBars: 250,
      baselines: null,
      policies: [{ name: "alvh", policy }],
    };
    const window = { fromMs: T0 + 300 * HOUR, toMs: T0 + 450 * HOUR };
    const cell = runStudyJob(config, [{ name: "x", bars: b, funding: f }], {
      asset: 0,
      window,
      side: "long",
      leverage: 5,
      approvalDelayMs: 3_600_000,
    });
    expect(cell.from).toBe(new Date(window.fromMs).toISOString());
    expect(cell.bars).toBe(150);
    const direct = (warmupBars: number) =>
      runBacktest({
        bars: b,
        funding: f,
        policy,
        position: { side: "long", leverage: 5, collateral: 10_000, reserve: 0 },
        execution: { approvalDelayMs: 3_600_000, emergencyImmediate: true },
        fromMs: window.fromMs,
        toMs: window.toMs,
        warmupBars,
        strategies: [alvh(policy)],
      }).strategies.alvh;
    expect(cell.strategies.alvh).toEqual(direct(250));
    // cold indicators would decide differently (first trades later): the warm-up is what the cell used
    expect(direct(0)).not.toEqual(direct(250));
  });
});

describe("study warm-up floor", () => {
  it("a policy whose indicators need more bars than --warmup raises the warm-up to that", async () => {
    const { runStudy } = await import("../../../src/backtest/study/runStudy.ts");
    const { warmupBars } = await import("../../../src/signals/signalPeriods.ts");
    const base = defaultPolicy();
    const policy = { ...base, settings: { ...base.settings, emaPeriod: 300 } };
    const b = hourly(40);
    const run = await runStudy(
      {
        ...DEFAULT_STUDY,
        assets: [{ name: "x", prices: "x.csv", funding: "f.csv" }],
        windowMs: 10 * DAY,
        stepMs: 5 * DAY,
        warmupBars: 24,
        baselines: null,
        policies: [{ name: "alvh", policy }],
      },
      [{ name: "x", bars: b, funding: fundingOver(40) }],
    );
    expect(warmupBars(policy.settings)).toBe(300);
    expect(run.config.warmupBars).toBe(300);
    // day 10 has 240 bars before it (< 300): the first window to run starts on day 15
    expect(run.windows[0]?.from).toBe(new Date(T0 + 15 * DAY).toISOString());
  });
});
