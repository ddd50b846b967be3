import { existsSync } from "node:fs";
import path from "node:path";
import type { RunContext } from "../backtest/BacktestStrategy.ts";
import { loadBars } from "../backtest/data/loadBars.ts";
import { loadFunding } from "../backtest/data/loadFunding.ts";
import { resolveDataDir } from "../backtest/dataDir.ts";
import { DEFAULT_EXECUTION } from "../backtest/sim/ExecutionModel.ts";
import { PERP_V2 } from "../backtest/sim/VenueMarginModel.ts";
import { type PositionSpec, simulate } from "../backtest/simulate.ts";
import { alvh } from "../backtest/strategies/alvh.ts";
import { unhedged } from "../backtest/strategies/unhedged.ts";
import { defaultPolicy } from "../policy/defaultPolicy.ts";

type Print = (name: string, value: string | number) => void;

const PRICES = "eth_spot_1h_2019-2023.csv";
const FUNDING = "eth_funding_8h_2020-2023.csv";

/**
 * `npm run bench` → backtest figures: full-engine evaluations per second (bar × position: the shared signal
 * engine once per bar, then per position the margin simulator + `runStrategy` + execution), peak RSS, and
 * how time grows with bars and with positions, and the margin simulator alone (the unhedged baseline) for
 * comparison. Only evaluations of live books count (a liquidated book stops being evaluated). Skips with a
 * message when the data folder is absent.
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
  // Low-leverage longs survive 2019–2023, so every bar of every position is evaluated.
  const positions = (k: number): PositionSpec[] =>
    Array.from({ length: k }, (_v, j) => ({
      side: "long",
      leverage: 1 + (j % 5) * 0.05,
      collateral: 10_000 + j,
      reserve: 0,
    }));
  const measure = (nBars: number, nPos: number, factory = alvh(policy)): { ms: number; evals: number } => {
    const ctx: RunContext = {
      bars,
      funding,
      fundingAtClose: new Float64Array(bars.length),
      model: PERP_V2,
      startIndex: 0,
      endIndex: nBars,
      warmupIndex: 0,
    };
    const start = performance.now();
    const results = simulate(ctx, positions(nPos), [factory], { execution: DEFAULT_EXECUTION });
    const ms = performance.now() - start;
    return { ms, evals: results.reduce((s, r) => s + r.evaluations, 0) };
  };
  measure(5_000, 4); // JIT warm-up
  const n = bars.length;
  const full = measure(n, 8);
  print("backtest.evals_per_s", Math.round(full.evals / (full.ms / 1000)));
  print("backtest.full_run", `${n} bars × 8 positions = ${full.evals} evals in ${full.ms.toFixed(0)} ms`);
  for (const frac of [0.25, 0.5, 1]) {
    const k = Math.round(n * frac);
    const r = measure(k, 4);
    print(`backtest.time_ms.bars_${k}.positions_4`, `${r.ms.toFixed(0)} (${r.evals} evals)`);
  }
  for (const p of [1, 4, 16]) {
    const r = measure(n, p);
    print(
      `backtest.time_ms.bars_${n}.positions_${p}`,
      `${r.ms.toFixed(0)} (${Math.round(r.evals / (r.ms / 1000))} evals/s)`,
    );
  }
  measure(5_000, 8, unhedged);
  const base = measure(n, 8, unhedged);
  print("backtest.margin_sim_evals_per_s", Math.round(base.evals / (base.ms / 1000)));
  print("backtest.peak_rss_mb", Math.round(process.resourceUsage().maxRSS / 1024));
}
