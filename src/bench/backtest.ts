import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import type { RunContext, StrategyFactory } from "../backtest/BacktestStrategy.ts";
import type { Bars } from "../backtest/data/Bars.ts";
import type { Funding } from "../backtest/data/Funding.ts";
import { loadBars } from "../backtest/data/loadBars.ts";
import { loadFunding } from "../backtest/data/loadFunding.ts";
import { resolveDataDir } from "../backtest/dataDir.ts";
import { DEFAULT_EXECUTION } from "../backtest/sim/ExecutionModel.ts";
import { PERP_V2 } from "../backtest/sim/VenueMarginModel.ts";
import { type PositionSpec, simulate } from "../backtest/simulate.ts";
import { alvh } from "../backtest/strategies/alvh.ts";
import { marketSignalSeries } from "../backtest/strategies/marketSignalSeries.ts";
import { unhedged } from "../backtest/strategies/unhedged.ts";
import { defaultPolicy } from "../policy/defaultPolicy.ts";

type Print = (name: string, value: string | number) => void;

const PRICES = "eth_spot_1h_2019-2023.csv";
const FUNDING = "eth_funding_8h_2020-2023.csv";
const LEVERAGES = [1, 1.5, 2, 3, 5, 1.25, 2.5, 4] as const;

/** `k` books, mixed: longs and shorts alternating, leverages cycling 1x … 5x, collateral varying. */
export function benchPositions(k: number): PositionSpec[] {
  return Array.from({ length: k }, (_v, j) => ({
    side: j % 2 === 0 ? "long" : "short",
    leverage: LEVERAGES[Math.floor(j / 2) % LEVERAGES.length] as number,
    collateral: 10_000 + 100 * j,
    reserve: j % 3 === 0 ? 5_000 : 0,
  }));
}

type Measure = { evals: number; wallMs: number; cpuMs: number };

/** Wall and CPU time (this process, all threads: GC included) of `f`. */
function timed(f: () => number): Measure {
  const c = process.cpuUsage();
  const t = performance.now();
  const evals = f();
  const wallMs = performance.now() - t;
  const d = process.cpuUsage(c);
  return { evals, wallMs, cpuMs: (d.user + d.system) / 1000 };
}

const perS = (m: Measure, ms: number) => Math.round(m.evals / (ms / 1000));
const fmt = (m: Measure) =>
  `wall ${m.wallMs.toFixed(0)} ms, cpu ${m.cpuMs.toFixed(0)} ms, ${m.evals} evals, ${perS(m, m.cpuMs)} evals/s cpu`;

/**
 * `npm run bench` → backtest figures for the full engine over the 2019–2023 hourly ETH file: per run, the
 * shared signal engine once per bar (`marketSignalSeries`, included in the time), then per bar and book the
 * margin simulator, the snapshot, `runStrategy` (evaluateBook, planHedge when due) and execution. An
 * evaluation is one (bar, live book) pair — a liquidated book stops counting. Books are mixed (long/short,
 * 1x–5x). Rates use CPU time (`process.cpuUsage`, one core's work even on a loaded machine); wall time and
 * the load average are printed beside them. Skips with a message when the data folder is absent.
 */
export async function run(print: Print): Promise<void> {
  const dir = resolveDataDir(undefined, process.env);
  if (!existsSync(path.join(dir, PRICES))) {
    print("backtest.skipped", `no ${PRICES} in ${dir} (set ALVH_DATA_DIR or place ../shared/data beside the project)`);
    return;
  }
  const t = performance.now();
  const bars = loadBars(path.join(dir, PRICES));
  print("backtest.load_ms", (performance.now() - t).toFixed(1));
  print("backtest.bars", bars.length);
  const funding = loadFunding(path.join(dir, FUNDING));
  const policy = defaultPolicy();
  const n = bars.length;
  const measure = (nBars: number, nPos: number, factory: StrategyFactory = alvh(policy)): Measure =>
    timed(() => {
      const results = simulate(context(bars, funding, nBars), benchPositions(nPos), [factory], {
        execution: DEFAULT_EXECUTION,
      });
      return results.reduce((s, r) => s + r.evaluations, 0);
    });
  measure(5_000, 8); // JIT warm-up
  measure(n, 4);
  print("backtest.load_avg_1m", loadavg()[0]?.toFixed(2) ?? "?");

  const signals = timed(() => {
    marketSignalSeries(context(bars, funding, n), "MARKET", policy.settings);
    return n;
  });
  print("backtest.signal_bars_per_s", perS(signals, signals.cpuMs));

  const full = measure(n, 32);
  print("backtest.evals_per_s", perS(full, full.cpuMs));
  print("backtest.evals_per_s_wall", perS(full, full.wallMs));
  print("backtest.full_run", `${n} bars × 32 mixed positions: ${fmt(full)}`);
  print("backtest.ns_per_eval", ((full.cpuMs * 1e6) / full.evals).toFixed(0));

  for (const frac of [0.25, 0.5, 1]) {
    const k = Math.round(n * frac);
    print(`backtest.time.bars_${k}.positions_16`, fmt(measure(k, 16)));
  }
  for (const p of [1, 4, 16, 64]) print(`backtest.time.bars_${n}.positions_${p}`, fmt(measure(n, p)));

  const reference = measure(n, 16, alvh(policy, { snapshots: "reference" }));
  print("backtest.reference_snapshots_evals_per_s", perS(reference, reference.cpuMs));
  measure(5_000, 8, unhedged);
  const base = measure(n, 32, unhedged);
  print("backtest.margin_sim_evals_per_s", perS(base, base.cpuMs));
  print("backtest.peak_rss_mb", Math.round(process.resourceUsage().maxRSS / 1024));
  print("backtest.load_avg_1m_end", loadavg()[0]?.toFixed(2) ?? "?");
}

/** A run over the first `nBars` bars, no warm-up before the first (indicators warm up inside the run). */
function context(bars: Bars, funding: Funding, nBars: number): RunContext {
  return {
    bars,
    funding,
    fundingAtClose: new Float64Array(bars.length),
    model: PERP_V2,
    startIndex: 0,
    endIndex: nBars,
    warmupIndex: 0,
  };
}
