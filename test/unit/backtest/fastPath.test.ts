import { existsSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Bars } from "../../../src/backtest/data/Bars.ts";
import type { Funding } from "../../../src/backtest/data/Funding.ts";
import { loadBars } from "../../../src/backtest/data/loadBars.ts";
import { loadFunding } from "../../../src/backtest/data/loadFunding.ts";
import { resolveDataDir } from "../../../src/backtest/dataDir.ts";
import { backtestJson, runBacktest } from "../../../src/backtest/runBacktest.ts";
import type { PositionSpec } from "../../../src/backtest/simulate.ts";
import { type AlvhStep, alvh } from "../../../src/backtest/strategies/alvh.ts";
import {
  type BarInputs,
  fastSnapshots,
  fastUnhedgedBufferPpm,
  plainBook,
} from "../../../src/backtest/strategies/alvhSnapshots.ts";
import { floatMarginBufferPpm } from "../../../src/backtest/strategies/floatMarginBufferPpm.ts";
import type { Policy } from "../../../src/policy/Policy.ts";
import { validatePolicy } from "../../../src/policy/validatePolicy.ts";
import { toFloat, toUnits, toUnitsByString, unitsAsNumber } from "../../../src/signals/toFloat.ts";
import { marginBufferPpm } from "../../../src/strategy/marginBufferPpm.ts";
import { unhedgedBufferPpm } from "../../../src/strategy/unhedgedBufferPpm.ts";
import { signalPolicy } from "../../helpers/signalPolicy.ts";
import { path as closesPath, funding, HOUR, T0 } from "./synthetic.ts";

const SEED = 20200312;
/** Stable text of core inputs/outputs: bigints tagged, maps as entries, object keys sorted (order is not data). */
const json = (x: unknown) =>
  JSON.stringify(x, (_k, v) => {
    if (typeof v === "bigint") return `${v}n`;
    if (v instanceof Map) return [...v];
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, (v as Record<string, unknown>)[k]]),
      );
    }
    return v;
  });

/** Margin-buffer layers with signals too, so both signal and margin triggers fire. */
function marginPolicy(): Policy {
  const base = signalPolicy();
  const [l1, l2, l3] = base.layers;
  return validatePolicy({
    layers: [
      { ...l1, marginBufferPpm: 600_000, hedgeRatioPpm: 500_000 },
      { ...l2, marginBufferPpm: 450_000, hedgeRatioPpm: 750_000 },
      { ...l3, marginBufferPpm: 300_000, hedgeRatioPpm: 1_000_000 },
    ],
    settings: base.settings,
  });
}

type Run = { json: string; series: string; steps: string[]; plans: number; maxLayer: number };

/** One backtest of `alvh` with the given snapshot construction, every step's inputs and outputs recorded. */
function runWith(
  snapshots: "fast" | "reference",
  bars: Bars,
  fund: Funding,
  policy: Policy,
  position: PositionSpec,
  fromMs?: number,
  toMs?: number,
): Run {
  const steps: string[] = [];
  let plans = 0;
  let maxLayer = 0;
  const onStep = (s: AlvhStep) => {
    plans += s.result.plans.length;
    maxLayer = Math.max(maxLayer, s.result.decisions[0]?.layer ?? 0);
    steps.push(
      json({
        snapshot: s.snapshot,
        states: [...s.states],
        now: s.now,
        result: { ...s.result, states: [...s.result.states] },
      }),
    );
  };
  const r = runBacktest({
    bars,
    funding: fund,
    policy,
    position,
    strategies: [alvh(policy, { snapshots, onStep })],
    record: true,
    ...(fromMs === undefined ? {} : { fromMs }),
    ...(toMs === undefined ? {} : { toMs }),
  });
  const b = r.series?.books.alvh;
  const series = json([Array.from(b?.buffer ?? []), Array.from(b?.hedgeRatio ?? []), Array.from(b?.layer ?? [])]);
  return { json: backtestJson(r), series, steps, plans, maxLayer };
}

function expectSame(a: Run, b: Run): void {
  expect(a.steps.length).toBe(b.steps.length);
  for (let i = 0; i < a.steps.length; i++) if (a.steps[i] !== b.steps[i]) expect(a.steps[i]).toBe(b.steps[i]);
  expect(a.json).toBe(b.json);
  expect(a.series).toBe(b.series);
}

/** Seeded hourly random walk (~90 % annualised vol) with sharp sell-offs and rebounds. */
function walk(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const out: number[] = [];
  let p = 2_000;
  for (let i = 0; i < n; i++) {
    const shock = i % 400 > 300 && i % 400 < 330 ? -0.012 : i % 400 >= 330 && i % 400 < 360 ? 0.01 : 0;
    p *= Math.exp((u() - 0.5) * 0.035 + shock);
    out.push(p);
  }
  return out;
}

const POSITIONS: PositionSpec[] = [
  { side: "long", leverage: 5, collateral: 10_000, reserve: 5_000 },
  { side: "short", leverage: 3, collateral: 7_777.77, reserve: 0 },
  { side: "long", leverage: 2.5, collateral: 12_345.6789, reserve: 1_000 },
  { side: "short", leverage: 1.5, collateral: 10_000, reserve: 3_000 },
];

describe("fast exact conversions", () => {
  it("toUnits (bit-level) equals the toFixed reference for any finite double and decimals", () => {
    for (const v of [0, -0, 0.5, 1.5, 2.5, 5e-19, 1.5e-18, 2.5e-18, 0.1, 1e20, 9.999e20, 5e-324, -123.456]) {
      for (const d of [0, 6, 18, 30]) expect(toUnits(v, d)).toBe(toUnitsByString(v, d));
    }
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e22, max: 1e22 }),
        fc.constantFrom(0, 6, 18, 24),
        (v, d) => {
          expect(toUnits(v, d)).toBe(toUnitsByString(v, d));
        },
      ),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it("toFloat equals quotient + remainder / scale computed with two bigint divisions", () => {
    const reference = (a: bigint, d: number) => {
      const s = 10n ** BigInt(d);
      return Number(a / s) + Number(a % s) / Number(s);
    };
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.constantFrom(0, 6, 18), (a, d) => {
        expect(toFloat(a, d)).toBe(reference(a, d));
      }),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it("floatMarginBufferPpm equals the core's bigint margin buffer of the same amounts", () => {
    const exact = (v: number, r: number) => marginBufferPpm(toUnits(v), toUnits(r));
    for (const [v, r] of [
      [1, 0],
      [0, 0],
      [-5, 1],
      [0.5, 0.25],
      [1000, 500],
      [1000, 2000],
      [1000, 3000],
      [1e-12, 1],
      [3, 1],
    ] as const) {
      expect(floatMarginBufferPpm(v, r)).toBe(exact(v, r));
    }
    fc.assert(
      fc.property(fc.double({ min: -10, max: 9, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (e, k) => {
        const v = 10 ** e;
        expect(floatMarginBufferPpm(v, v * k)).toBe(exact(v, v * k));
        const r = Math.round(v * k * 1000) / 1000; // round amounts: exact quotients at integers
        expect(floatMarginBufferPpm(Math.round(v), r)).toBe(exact(Math.round(v), r));
      }),
      { seed: SEED, numRuns: 20_000 },
    );
  });
  it("unitsAsNumber equals Number(toUnits(v)) for any finite double, and next to float midpoints", () => {
    for (const v of [0, -0, 5e-19, 0.009, 0.0090071992547409, 1, -1, 12_345.678, 1e20, 9.999e20, 1e21, 5e-324]) {
      expect(unitsAsNumber(v)).toBe(Number(toUnits(v)));
    }
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e22, max: 1e22 }), (v) => {
        expect(unitsAsNumber(v)).toBe(Number(toUnits(v)));
      }),
      { seed: SEED, numRuns: 20_000 },
    );
    // v × 10^18 next to a midpoint between two floats, where toUnits' integer rounding can tip Number() over
    fc.assert(
      fc.property(fc.integer({ min: 54, max: 120 }), fc.nat(1 << 20), fc.integer({ min: -4, max: 4 }), (e, k, j) => {
        const ulp = 2 ** (e - 52);
        const v = (2 ** e + (k + 0.5) * ulp) / 1e18;
        const w = v + j * v * 2 ** -53;
        expect(unitsAsNumber(w)).toBe(Number(toUnits(w)));
      }),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it("fastUnhedgedBufferPpm equals the core's unhedgedBufferPpm of the same snapshot", () => {
    const build = fastSnapshots({ bookId: "b", side: "long", market: "M", policyVersion: 1, policyHash: "0x" });
    const bar = { timeMs: 0, signals: undefined, breadth: undefined } as unknown as BarInputs;
    fc.assert(
      fc.property(
        fc.record({
          close: fc.double({ min: 1, max: 1e5, noNaN: true }),
          baseSize: fc.double({ min: 0, max: 1e3, noNaN: true }),
          value: fc.double({ min: -1e5, max: 1e6, noNaN: true }),
          requirement: fc.double({ min: 0, max: 1e5, noNaN: true }),
          reduced: fc.double({ min: 0, max: 1, noNaN: true }),
          offset: fc.double({ min: 0, max: 1, noNaN: true }),
          margin: fc.bigInt({ min: 0n, max: 10n ** 22n }),
          ratioPpm: fc.constantFrom(undefined, 50_000, 62_500),
        }),
        (x) => {
          Object.assign(bar, { close: x.close, baseSize: x.baseSize, value: x.value, requirement: x.requirement });
          const reducedBase = x.baseSize * x.reduced;
          const held = {
            reducedBase,
            reducedNotional: toUnits(reducedBase * x.close),
            offsetBase: x.baseSize * x.offset,
            addedMargin: x.margin,
          };
          const book = build(bar, held).books[0];
          if (book === undefined) throw new Error("no book");
          const fast = fastUnhedgedBufferPpm(book, x.ratioPpm);
          expect(fast).toBe(unhedgedBufferPpm(plainBook(book), x.ratioPpm));
          expect(fastUnhedgedBufferPpm(plainBook(book), x.ratioPpm)).toBe(fast);
        },
      ),
      { seed: SEED, numRuns: 5_000 },
    );
  });
});

describe("ALVH fast snapshots ≡ reference snapshots (same core inputs, decisions, plans, JSON)", () => {
  it("on a synthetic path with sell-offs: every step and the backtest JSON are identical", () => {
    const bars = closesPath(walk(1_200, SEED), 0.004);
    const fund = funding(Array.from({ length: 150 }, (_v, k) => [T0 + k * 8 * HOUR, ((k % 7) - 2) * 1e-4] as const));
    let plans = 0;
    let maxLayer = 0;
    for (const policy of [signalPolicy(), marginPolicy()]) {
      for (const position of POSITIONS) {
        const fast = runWith("fast", bars, fund, policy, position);
        expectSame(fast, runWith("reference", bars, fund, policy, position));
        plans += fast.plans;
        maxLayer = Math.max(maxLayer, fast.maxLayer);
      }
    }
    // The comparison covered planning and every layer, not only quiet bars.
    expect(plans).toBeGreaterThan(20);
    expect(maxLayer).toBe(3);
  });

  const dir = resolveDataDir(undefined, process.env);
  const present = existsSync(path.join(dir, "eth_perp_1h_2020-2023.csv"));
  it.skipIf(!present)(
    "on real data (ETH perp, 2022-05 … 2022-07): every step and the backtest JSON are identical",
    () => {
      const bars = loadBars(path.join(dir, "eth_perp_1h_2020-2023.csv"));
      const fund = loadFunding(path.join(dir, "eth_funding_8h_2020-2023.csv"));
      const from = Date.parse("2022-05-01T00:00:00Z");
      const to = Date.parse("2022-07-01T00:00:00Z");
      let plans = 0;
      for (const policy of [signalPolicy(), marginPolicy()]) {
        for (const position of POSITIONS) {
          const fast = runWith("fast", bars, fund, policy, position, from, to);
          expectSame(fast, runWith("reference", bars, fund, policy, position, from, to));
          plans += fast.plans;
        }
      }
      expect(plans).toBeGreaterThan(20);
    },
  );
});
