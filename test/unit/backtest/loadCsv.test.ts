import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CsvFormatError } from "../../../src/backtest/data/CsvFormatError.ts";
import { fundingGap } from "../../../src/backtest/data/fundingGap.ts";
import { loadBars } from "../../../src/backtest/data/loadBars.ts";
import { loadFunding } from "../../../src/backtest/data/loadFunding.ts";

const dir = mkdtempSync(path.join(tmpdir(), "alvh-csv-"));
const HEADER = "open_time_ms,open_time_utc,open,high,low,close,volume_base";
const H = 3_600_000;
const row = (k: number, o = 100, h = 101, l = 99, c = 100.5) => `${k * H},x,${o},${h},${l},${c},10`;

function file(name: string, lines: string[]): string {
  const p = path.join(dir, name);
  writeFileSync(p, `${lines.join("\n")}\n`);
  return p;
}

function csvError(fn: () => unknown): CsvFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CsvFormatError) return e;
    throw e;
  }
  throw new Error("expected a CsvFormatError");
}

describe("loadBars", () => {
  it("loads contiguous bars and infers the interval", () => {
    const bars = loadBars(file("ok.csv", [HEADER, row(0), row(1), row(2)]));
    expect(bars.length).toBe(3);
    expect(bars.intervalMs).toBe(H);
    expect(Array.from(bars.close)).toEqual([100.5, 100.5, 100.5]);
    expect(bars.gaps).toEqual([]);
  });

  it("a single row has no interval to infer: refused, not an endless interval (the study looped forever on it)", () => {
    const e = csvError(() => loadBars(file("one.csv", [HEADER, row(0)])));
    expect(e.message).toMatch(/cannot infer the bar interval from a single row/);
    // with the interval given, one row loads
    expect(loadBars(file("one-given.csv", [HEADER, row(0)]), { intervalMs: H }).intervalMs).toBe(H);
  });

  it("reports gaps (never synthesises bars)", () => {
    const bars = loadBars(file("gap.csv", [HEADER, row(0), row(1), row(5), row(6)]));
    expect(bars.length).toBe(4);
    expect(bars.gaps).toEqual([{ afterMs: H, missingBars: 3, line: 4 }]);
  });

  it.each([
    ["a non-numeric price", [HEADER, row(0), `${H},x,abc,101,99,100,10`], 3, /"open" is not a number/],
    ["an empty cell", [HEADER, row(0), `${H},x,100,101,99,,10`], 3, /"close" is empty/],
    ["a short row", [HEADER, row(0), `${H},x,100,101`], 3, /expected 7 columns, found 4/],
    ["high below close", [HEADER, row(0), row(1, 100, 100.2, 99, 100.5)], 3, /inconsistent bar/],
    ["a duplicate timestamp", [HEADER, row(0), row(1), row(1)], 4, /duplicate timestamp/],
    ["unsorted timestamps", [HEADER, row(0), row(2), row(1)], 4, /not sorted/],
    [
      "a time off the bar grid",
      [HEADER, row(0), row(1), `${2 * H + 60_000},x,100,101,99,100,10`],
      4,
      /off the 60-minute bar grid/,
    ],
    ["a missing column", ["open_time_ms,open,high,low,close", "0,1,1,1,1"], 1, /missing column "volume_base"/],
  ])("rejects %s naming file and line", (_what, lines, line, message) => {
    const p = file(`bad-${line}-${String(message).length}.csv`, lines as string[]);
    const err = csvError(() => loadBars(p));
    expect(err.file).toBe(p);
    expect(err.line).toBe(line);
    expect(err.shortMessage).toMatch(message as RegExp);
    expect(err.shortMessage.startsWith(`${p}:${line}:`)).toBe(true);
  });
});

describe("a file in Unix seconds is refused, not run as 3.6-second bars in 1970", () => {
  it("bars: an interval under a minute", () => {
    const e = csvError(() =>
      loadBars(file("sec.csv", [HEADER, `1600000000,x,100,101,99,100,10`, `1600003600,x,100,101,99,100,10`])),
    );
    expect(e.line).toBe(3);
    expect(e.shortMessage).toMatch(
      /bar interval of 3600 ms is under a minute: the open_time_ms column looks like Unix seconds/,
    );
    // a minute is fine
    expect(loadBars(file("min.csv", [HEADER, row(0), `${60_000},x,100,101,99,100.5,10`])).intervalMs).toBe(60_000);
  });
  it("funding: events closer than half the interval the previous one declares", () => {
    const FH = "funding_time_ms,funding_time_utc,funding_interval_hours,funding_rate";
    const e = csvError(() => loadFunding(file("fsec.csv", [FH, "1600000000,x,8,0.0001", "1600028800,x,8,0.0001"])));
    expect(e.shortMessage).toMatch(/fsec.csv:3: funding event 28800 ms after the previous one, which declares 8 h/);
    // an interval that changes from 8 h to 4 h is fine
    expect(loadFunding(file("f84.csv", [FH, "0,x,8,0.0001", `${8 * H},x,4,0.0001`, `${12 * H},x,4,0`])).length).toBe(3);
  });
});

describe("fundingGap", () => {
  const F = (events: [number, number][]) => ({
    file: "f.csv",
    length: events.length,
    timeMs: Float64Array.from(events, ([t]) => t),
    rate: Float64Array.from(events, () => 0.0001),
    intervalHours: Float64Array.from(events, ([, h]) => h),
  });
  const every8 = (from: number, n: number) =>
    Array.from({ length: n }, (_v, k) => [from + k * 8 * H, 8] as [number, number]);
  it("covered, late start, early end, a hole, and no events at all", () => {
    const f = F(every8(0, 10)); // events 0 … 72 h, priced until 80 h
    expect(fundingGap(f, 0, 80 * H)).toBeUndefined();
    expect(fundingGap(f, 5 * H, 80 * H)).toBeUndefined(); // a start between two events
    expect(fundingGap(F(every8(9 * H, 9)), 0, 80 * H)).toBe(
      "funding starts at 1970-01-01 09:00 UTC, after the run's start 1970-01-01 00:00 UTC",
    );
    expect(fundingGap(f, 0, 81 * H)).toBe(
      "funding ends at 1970-01-04 08:00 UTC, before the run's end 1970-01-04 09:00 UTC",
    );
    const holed = F([...every8(0, 3), ...every8(48 * H, 5)]); // 16 h → 48 h: a 32 h hole
    expect(fundingGap(holed, 0, 80 * H)).toBe(
      "no funding events between 1970-01-01 16:00 and 1970-01-03 00:00 UTC (declared every 8 h)",
    );
    expect(fundingGap(holed, 48 * H, 80 * H)).toBeUndefined(); // the hole lies before the run
    expect(fundingGap(F([]), 0, 80 * H)).toBeUndefined(); // no funding by construction
  });
});

describe("loadFunding", () => {
  const FH = "funding_time_ms,funding_time_utc,funding_interval_hours,funding_rate";
  it("loads rates", () => {
    const f = loadFunding(file("f.csv", [FH, "0,x,8,0.0001", `${8 * H},x,8,-0.0003`]));
    expect(Array.from(f.rate)).toEqual([0.0001, -0.0003]);
    expect(Array.from(f.timeMs)).toEqual([0, 8 * H]);
  });
  it("rejects duplicates, unsorted rows and bad rates with file and line", () => {
    expect(csvError(() => loadFunding(file("f1.csv", [FH, "0,x,8,0.0001", "0,x,8,0.0001"]))).line).toBe(3);
    expect(csvError(() => loadFunding(file("f2.csv", [FH, "10,x,8,0.0001", "0,x,8,0.0001"]))).shortMessage).toMatch(
      /f2.csv:3: timestamps not sorted/,
    );
    expect(csvError(() => loadFunding(file("f3.csv", [FH, "0,x,8,zz"]))).shortMessage).toMatch(
      /f3.csv:2: .*funding_rate/,
    );
  });
});
