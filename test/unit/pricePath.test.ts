import { describe, expect, it } from "vitest";
import { builtInCrashPath } from "../../src/scenario/builtInCrashPath.ts";
import { parsePricePathCsv } from "../../src/scenario/loadPricePath.ts";
import { rebasePath, scalePath } from "../../src/scenario/rescalePath.ts";
import { ScenarioError } from "../../src/scenario/ScenarioError.ts";
import { estimateLiquidationPrice } from "../../src/venues/perp/liquidationPrice.ts";
import { priceToSqrtPriceX96, sqrtPriceX96ToPrice, toE18 } from "../../src/venues/perp/priceMath.ts";

const E18 = 10n ** 18n;
const CSV = [
  "open_time_ms,open_time_utc,open,high,low,close,volume_base",
  "1621382400000,2021-05-19 00:00:00,3400.1,3450,3300,3380.5,100",
  "1621386000000,2021-05-19 01:00:00,3380.5,3390,3100,3150.25,200",
  "1621389600000,2021-05-19 02:00:00,3150.25,3200,2900,3000,300",
].join("\n");

describe("price paths", () => {
  it("parses the shared CSV layout with a time window", () => {
    const all = parsePricePathCsv(CSV);
    expect(all.map((p) => p.price)).toEqual([toE18("3380.5"), toE18("3150.25"), 3000n * E18]);
    expect(all[0]?.time).toBe(1_621_382_400);
    const window = parsePricePathCsv(CSV, { from: "2021-05-19T01:00:00Z", to: "2021-05-19T02:00:00Z" });
    expect(window).toHaveLength(1);
    expect(parsePricePathCsv(CSV, { column: "low" })[1]?.price).toBe(3100n * E18);
    expect(() => parsePricePathCsv("a,b\n1,2")).toThrow(ScenarioError);
    expect(() => parsePricePathCsv(CSV, { from: "2030-01-01" })).toThrow(/empty/);
  });

  it("rebases to a start price and scales, keeping relative moves", () => {
    const path = parsePricePathCsv(CSV);
    const rebased = rebasePath(path, 2000n * E18);
    expect(rebased[0]?.price).toBe(2000n * E18);
    expect(Number(rebased[2]?.price) / Number(rebased[0]?.price)).toBeCloseTo(3000 / 3380.5, 9);
    expect(scalePath(path, 0.5)[2]?.price).toBe(1500n * E18);
    expect(() => scalePath(path, 0)).toThrow(ScenarioError);
  });

  it("built-in crash is deterministic and falls about 30 %", () => {
    const a = builtInCrashPath(2000n * E18);
    expect(a).toEqual(builtInCrashPath(2000n * E18));
    expect(Math.min(...a.map((p) => Number(p.price / E18)))).toBe(1400);
    expect(a[1]?.time).toBe((a[0]?.time ?? 0) + 3600);
  });
});

describe("price math and liquidation estimate", () => {
  it("sqrtPriceX96 round-trips within 1e-12", () => {
    for (const p of [2000n * E18, 30_000n * E18, toE18("0.000123")]) {
      const back = sqrtPriceX96ToPrice(priceToSqrtPriceX96(p));
      expect(Math.abs(Number(back - p)) / Number(p)).toBeLessThan(1e-12);
    }
  });

  it("5x long / short with 6.25 % maintenance: liquidation ≈ 15.7 % below / 13.6 % above", () => {
    const args = {
      accountValue: 10_000n * E18,
      markPrice: 2000n * E18,
      otherAbsNotional: 0n,
      maintenanceRatioPpm: 62_500n,
    };
    const long = estimateLiquidationPrice({ ...args, size: 25n * E18 });
    const short = estimateLiquidationPrice({ ...args, size: -25n * E18 });
    // long: (50000 − 10000) / (25 × 0.9375) = 1706.67; short: (10000 + 50000) / (25 × 1.0625) = 2258.82
    expect(Number(long) / 1e18).toBeCloseTo(1706.67, 1);
    expect(Number(short) / 1e18).toBeCloseTo(2258.82, 1);
    expect(estimateLiquidationPrice({ ...args, size: 0n })).toBeNull();
    // A barely leveraged long cannot be liquidated at a positive price.
    expect(estimateLiquidationPrice({ ...args, accountValue: 60_000n * E18, size: 25n * E18 })).toBeNull();
  });
});
