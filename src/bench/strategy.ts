// Strategy-core throughput on a synthetic, seeded hourly path (no data files needed): signal engine bars/s,
// evaluateBook/s and runStrategy bar·position evaluations/s (the figure the backtester's target refers to).
import { NO_HEDGE } from "../planner/HedgeState.ts";
import { defaultPolicy } from "../policy/defaultPolicy.ts";
import type { Bar } from "../signals/Bar.ts";
import { breadth } from "../signals/breadth.ts";
import { MarketSignalEngine } from "../signals/MarketSignalEngine.ts";
import type { MarketSignals } from "../signals/MarketSignals.ts";
import { type BookSnapshot, bookSnapshot } from "../strategy/BookSnapshot.ts";
import type { BookState } from "../strategy/BookState.ts";
import { evaluateBook } from "../strategy/evaluateBook.ts";
import { type PolicyEntry, runStrategy } from "../strategy/runStrategy.ts";
import type { Snapshot } from "../strategy/Snapshot.ts";

type Print = (name: string, value: string | number) => void;
const H = 3_600_000;
const e18 = 10n ** 18n;

/** Seeded PRNG (mulberry32) → standard normal (Box–Muller). */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() || 1e-12)) * Math.cos(2 * Math.PI * u());
}

/** Hourly random walk (≈ 80 % annual vol) with a crash regime every ~1 000 bars. */
function path(n: number, seed: number): Bar[] {
  const z = normals(seed);
  const bars: Bar[] = [];
  let p = 2_000;
  for (let i = 0; i < n; i++) {
    const crash = i % 1_000 > 900 && i % 1_000 < 940 ? -0.01 : 0;
    const open = p;
    p = p * Math.exp(0.0085 * z() + crash);
    bars.push({ t: i * H, open, high: Math.max(open, p) * 1.002, low: Math.min(open, p) * 0.998, close: p });
  }
  return bars;
}

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
}

export async function run(print: Print): Promise<void> {
  const policy = defaultPolicy();
  const N = 43_800; // 5 years of hourly bars
  const bars = path(N, 20210519);
  const market = "ETH";

  // 1. signal engine
  let sigs: MarketSignals[] = [];
  const tSig = time(() => {
    const e = new MarketSignalEngine(market, policy.settings);
    sigs = bars.map((b, i) => {
      if (i % 8 === 0) e.pushFunding(b.t, 0.0001 * Math.sin(i / 50));
      return e.pushBar(b);
    });
  });
  print("strategy.signal_bars_per_s", Math.round(N / tSig));

  // snapshots: 1 market, P books of different leverage sharing it
  const P = 10;
  const entry: PolicyEntry = { policy, version: 1n, hash: "0x00" };
  const policies = new Map<string, PolicyEntry>();
  for (let k = 0; k < P; k++) policies.set(`b${k}`, entry);
  const snaps: Snapshot[] = sigs.map((s) => {
    const books: BookSnapshot[] = [];
    for (let k = 0; k < P; k++) {
      const notional = 10_000n * e18;
      const av = (BigInt(Math.max(1, Math.round(2_000 * (1 + 5 * (s.move || 0)) * (1 + k / 20)))) * e18) as bigint;
      books.push(
        bookSnapshot({
          bookId: `b${k}`,
          side: k % 2 === 0 ? "long" : "short",
          market,
          positionNotional: notional,
          accountValue: av,
          maintenanceRequirement: 625n * e18,
          hedge: NO_HEDGE,
          paused: false,
          policyVersion: 1n,
          policyHash: "0x00",
          dataTime: s.time,
        }),
      );
    }
    return { time: s.time, markets: new Map([[market, s]]), breadth: breadth([s]), books };
  });

  // 2. evaluateBook alone
  let layers = 0;
  const tEval = time(() => {
    for (const snap of snaps) {
      const clock = { now: () => snap.time };
      for (const b of snap.books) layers += evaluateBook(snap, b, policy, undefined, clock, { explain: false }).layer;
    }
  });
  print("strategy.evaluate_per_s", Math.round((N * P) / tEval));

  // 3. runStrategy: the full core (evaluate + plan + state), bar·position evaluations
  let plans = 0;
  const tRun = time(() => {
    let states = new Map<string, BookState>();
    for (const snap of snaps) {
      const r = runStrategy(snap, policies, states, { now: () => snap.time }, { explain: false });
      states = r.states;
      plans += r.plans.length;
    }
  });
  print("strategy.run_evals_per_s", Math.round((N * P) / tRun));
  print("strategy.run_plans", plans);
  print("strategy.layer_sum", layers);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run((n, v) => console.log(`${n}: ${v}`));
}
