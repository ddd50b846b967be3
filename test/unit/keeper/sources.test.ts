import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessFreshness } from "../../../src/sources/assessFreshness.ts";
import { aggregateBars, BarBuilder } from "../../../src/sources/BarBuilder.ts";
import { readPriceCsv } from "../../../src/sources/readPriceCsv.ts";

describe("bar aggregation", () => {
  it("builds OHLC bars aligned to the interval and fills gaps flat", () => {
    const bars = aggregateBars(
      [
        { t: 3_600_000, price: 10 },
        { t: 3_700_000, price: 12 },
        { t: 3_800_000, price: 9 },
        { t: 7_300_000, price: 11 },
        { t: 4_000_000, price: 11.5 },
        { t: 14_500_000, price: 8 },
      ],
      3600,
    );
    expect(bars).toEqual([
      { t: 3_600_000, open: 10, high: 12, low: 9, close: 11.5 },
      { t: 7_200_000, open: 11, high: 11, low: 11, close: 11 },
      { t: 10_800_000, open: 11, high: 11, low: 11, close: 11 },
      { t: 14_400_000, open: 8, high: 8, low: 8, close: 8 },
    ]);
  });

  it("streams: a bar closes when a later sample or time arrives; older samples are ignored", () => {
    const b = new BarBuilder(60);
    expect(b.add({ t: 61_000, price: 1 })).toEqual([]);
    expect(b.add({ t: 10_000, price: 5 })).toEqual([]);
    expect(b.closeUntil(119_999)).toEqual([]);
    expect(b.closeUntil(180_000)).toEqual([
      { t: 60_000, open: 1, high: 1, low: 1, close: 1 },
      { t: 120_000, open: 1, high: 1, low: 1, close: 1 },
    ]);
    expect(b.current?.t).toBe(180_000);
  });
});

describe("price CSV", () => {
  it("reads the shared layout by header, in a window, with t in seconds", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "alvh-csv-")), "p.csv");
    writeFileSync(
      file,
      "open_time_ms,open_time_utc,open,high,low,close,volume_base\n" +
        "3600000,x,1,2,0.5,1.5,9\n7200000,x,1.5,1.6,1.4,1.45,9\n10800000,x,1.45,1.5,1,1.1,9\n",
    );
    expect(readPriceCsv(file, { fromMs: 7_200_000, toMs: 10_800_000 })).toEqual([
      { t: 7_200_000, open: 1.5, high: 1.6, low: 1.4, close: 1.45 },
    ]);
    expect(readPriceCsv(file)).toHaveLength(3);
  });

  it("rejects a duplicated timestamp, as the backtester's loader does (one strict reader)", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "alvh-csv-")), "dup.csv");
    writeFileSync(
      file,
      "open_time_ms,open_time_utc,open,high,low,close,volume_base\n" +
        "3600000,x,1,2,0.5,1.5,9\n3600000,x,1.5,1.6,1.4,1.45,9\n",
    );
    expect(() => readPriceCsv(file)).toThrow(/Cannot read price CSV/);
  });
});

describe("freshness", () => {
  it("names source, age and bound when stale", () => {
    expect(assessFreshness("oracle ETH", 100, 200, 100)).toEqual({ fresh: true, age: 100 });
    expect(assessFreshness("oracle ETH", 100, 201, 100)).toEqual({
      fresh: false,
      age: 101,
      reason: "oracle ETH data is 101s old > maxStaleness 100s",
    });
  });
});
