import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runEvents } from "../../../src/backtest/cli/runEventsCommand.ts";
import { loadBars } from "../../../src/backtest/data/loadBars.ts";
import { loadFunding } from "../../../src/backtest/data/loadFunding.ts";
import { resolveDataDir } from "../../../src/backtest/dataDir.ts";
import { backtestJson, runBacktest } from "../../../src/backtest/runBacktest.ts";
import { alvh } from "../../../src/backtest/strategies/alvh.ts";
import { defaultStrategies } from "../../../src/backtest/strategies/defaultStrategies.ts";
import { unhedged } from "../../../src/backtest/strategies/unhedged.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import type { Policy } from "../../../src/policy/Policy.ts";
import { validatePolicy } from "../../../src/policy/validatePolicy.ts";

// ../shared/data beside the project root (or ALVH_DATA_DIR); absent on a fresh clone → these tests skip.
const dir = resolveDataDir(undefined, process.env);
const present = existsSync(path.join(dir, "eth_perp_1h_2020-2023.csv"));
if (!present) console.warn(`skipping real-data backtest tests: no historical data in ${dir}`);

function marginPolicy(): Policy {
  const base = defaultPolicy();
  const [l1, l2, l3] = base.layers;
  return validatePolicy({
    layers: [
      { ...l1, signalMask: 0, minSignals: 0, marginBufferPpm: 600_000, hedgeRatioPpm: 500_000 },
      { ...l2, signalMask: 0, minSignals: 0, marginBufferPpm: 500_000, hedgeRatioPpm: 750_000 },
      { ...l3, marginBufferPpm: 400_000, hedgeRatioPpm: 1_000_000 },
    ],
    settings: base.settings,
  });
}

describe.skipIf(!present)("backtest on real data (../shared/data)", () => {
  it("loads the 2019–2023 hourly file and reports its exchange-maintenance gaps", () => {
    const bars = loadBars(path.join(dir, "eth_spot_1h_2019-2023.csv"));
    expect(bars.length).toBeGreaterThan(43_000);
    expect(bars.intervalMs).toBe(3_600_000);
    expect(bars.gaps.length).toBeGreaterThan(0);
    for (const g of bars.gaps) expect(g.missingBars).toBeGreaterThanOrEqual(1);
  });

  it("2022-06 (3AC/Celsius), 3x long: unhedged breaches, ALVH with a margin-buffer policy does not", () => {
    const policy = marginPolicy();
    const r = runBacktest({
      bars: loadBars(path.join(dir, "eth_perp_1h_2020-2023.csv")),
      funding: loadFunding(path.join(dir, "eth_funding_8h_2020-2023.csv")),
      policy,
      position: { side: "long", leverage: 3, collateral: 10_000, reserve: 0 },
      fromMs: Date.parse("2022-06-12T00:00:00Z"),
      toMs: Date.parse("2022-06-22T00:00:00Z"),
      strategies: [unhedged, alvh(policy)],
    });
    expect(r.strategies.unhedged?.breaches).toBe(1);
    expect(r.strategies.alvh?.breaches).toBe(0);
    expect(r.strategies.alvh?.minMarginBuffer).toBeGreaterThan(0);
  });

  it("runs every cascade preset with the four strategies, deterministically", () => {
    const policy = defaultPolicy();
    const run = () =>
      runEvents(dir, {
        policy,
        position: { side: "long", leverage: 5, collateral: 10_000, reserve: 0 },
        strategies: defaultStrategies(policy),
      });
    const a = run();
    expect(a.map((e) => `${e.id} ${e.market}`)).toEqual([
      "2020-03-12 ETH",
      "2021-05-19 ETH",
      "2022-06 ETH",
      "2022-11 ETH",
      "2020-03-12 BTC",
      "2021-05-19 BTC",
      "2022-06 BTC",
      "2022-11 BTC",
    ]);
    for (const e of a)
      expect(Object.keys(e.result.strategies)).toEqual(["unhedged", "static", "stopLoss", "deleverage", "alvh"]);
    const b = run();
    expect(a.map((e) => backtestJson(e.result))).toEqual(b.map((e) => backtestJson(e.result)));
  });
});
