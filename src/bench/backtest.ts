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
/** Window length (bars, 90 days) and indicator warm-up before each window, as `runBacktest` does. */
const WINDOW = 2_160;
const WARMUP = 200;

/** `k` books, mixed: longs and shorts alternating, leverages cycling 1x … 5x, collateral and reserve varying. */
export function benchPositions(k: number): PositionSpec[] {
  return Array.from({ length: k }, (_v, j) => ({
    side: j % 2 === 0 ? "long" : "short",
    leverage: LEVERAGES[Math.floor(j / 2) % LEVERAGES.length] as number,
    collateral: 10_000 + 100 * j,
    reserve: j % 3 === 0 ? 5_000 : 0,
  }));
}

type Measure = { evals: number; wallMs: number; cpuMs: number };

/** Wall and CPU time of `f` (CPU: this process, all threads, GC included). */
function timed(f: () => number): Measure {
  const c = process.cpuUsage();
  const t = performance.now();
  const evals = f();
  const wallMs = performance.now() - t;
  const d = process.cpuUsage(c);
  return { evals, wallMs, cpuMs: (d.user + d.system) / 1000 };
}

/** `reps` runs of `f`: the fastest by CPU time and the median. */
function repeated(reps: number, f: () => number): { best: Measure; median: Measure } {
  const runs = Array.from({ length: reps }, () => timed(f)).sort((a, b) => a.cpuMs - b.cpuMs);
  return { best: runs[0] as Measure, median: runs[Math.floor((reps - 1) / 2)] as Measure };
}

const perS = (evals: number, ms: number) => Math.round(evals / (ms / 1000));
const fmt = (m: Measure) =>
  `cpu ${m.cpuMs.toFixed(0)} ms, wall ${m.wallMs.toFixed(0)} ms, ${m.evals} evals, ${perS(m.evals, m.cpuMs)} evals/s cpu`;

/**
 * `npm run bench` → figures of the full backtest engine over the 2019–2023 hourly ETH file (skips with a
 * message when the data folder is absent). The file is replayed in consecutive 90-day windows, every book
 * opened at each window's start with 200 bars of indicator warm-up before it (as `runBacktest` does), so
 * books live long enough to be measured — over the whole file in one go most of them are liquidated early.
 * Per window: the shared signal engine once per bar (`marketSignalSeries`), then per bar and live book the
 * margin simulator, the snapshot, `runStrategy` (evaluateBook; planHedge and plan key when due) and
 * execution. An evaluation is one (bar, live book) pair. Books are mixed (long/short, 1x–5x). Rates use CPU
 * time (`process.cpuUsage`, one core's work even on a loaded machine), best and median of repeated runs;
 * wall time and the load average are printed beside them.
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
  /** Evaluations of `nPos` books over the first `nBars` bars, window by window. */
  const windows =
    (nBars: number, nPos: number, factory: StrategyFactory = alvh(policy)) =>
    () => {
      let evals = 0;
      for (let s = 0; s < nBars; s += WINDOW) {
        const run = context(bars, funding, s, Math.min(nBars, s + WINDOW));
        const results = simulate(run, benchPositions(nPos), [factory], { execution: DEFAULT_EXECUTION });
        for (const r of results) evals += r.evaluations;
      }
      return evals;
    };
  timed(windows(n, 16)); // JIT warm-up
  print("backtest.load_avg_1m", loadavg()[0]?.toFixed(2) ?? "?");

  const full = repeated(5, windows(n, 64));
  print("backtest.evals_per_s", perS(full.best.evals, full.best.cpuMs));
  print("backtest.evals_per_s_median", perS(full.median.evals, full.median.cpuMs));
  print("backtest.evals_per_s_wall", perS(full.best.evals, full.best.wallMs));
  print("backtest.full_run", `${n} bars × 64 mixed books in 90-day windows, best of 5: ${fmt(full.best)}`);
  print("backtest.ns_per_eval", ((full.best.cpuMs * 1e6) / full.best.evals).toFixed(0));

  const signals = timed(() => {
    marketSignalSeries(context(bars, funding, 0, n), "MARKET", policy.settings);
    return n;
  });
  print("backtest.signal_bars_per_s", perS(n, signals.cpuMs));

  for (const frac of [0.25, 0.5, 1]) {
    const k = Math.round(n * frac);
    print(`backtest.time.bars_${k}.positions_16`, fmt(repeated(2, windows(k, 16)).best));
  }
  for (const p of [1, 4, 16, 64]) print(`backtest.time.bars_${n}.positions_${p}`, fmt(repeated(2, windows(n, p)).best));

  const once = timed(() => {
    const results = simulate(context(bars, funding, 0, n), benchPositions(64), [alvh(policy)], {
      execution: DEFAULT_EXECUTION,
    });
    return results.reduce((s, r) => s + r.evaluations, 0);
  });
  print("backtest.single_run", `${n} bars × 64 books in one run (most liquidated early): ${fmt(once)}`);

  const reference = repeated(2, windows(n, 16, alvh(policy, { snapshots: "reference" }))).best;
  print("backtest.reference_snapshots_evals_per_s", perS(reference.evals, reference.cpuMs));
  timed(windows(n, 16, unhedged));
  const base = repeated(2, windows(n, 64, unhedged)).best;
  print("backtest.margin_sim_evals_per_s", perS(base.evals, base.cpuMs));
  print("backtest.peak_rss_mb", Math.round(process.resourceUsage().maxRSS / 1024));
  print("backtest.load_avg_1m_end", loadavg()[0]?.toFixed(2) ?? "?");
}

/** A run over bars `[start, end)` with `WARMUP` bars of indicator warm-up before `start`. */
function context(bars: Bars, funding: Funding, start: number, end: number): RunContext {
  return {
    bars,
    funding,
    fundingAtClose: new Float64Array(0),
    model: PERP_V2,
    startIndex: start,
    endIndex: end,
    warmupIndex: Math.max(0, start - WARMUP),
  };
}
