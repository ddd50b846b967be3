// Strategy-core throughput on a synthetic, seeded hourly path (no data files needed):
// - strategy.signal_bars_per_s: MarketSignalEngine bars per second (one market);
// - strategy.loop_evals_per_s: bar·position evaluations per second of a whole loop: a minimal float margin
//   model, BookSnapshot/Snapshot construction per bar, runStrategy (evaluate + plan + state), plans executed
//   at once;
// - strategy.evaluate_per_s / strategy.run_evals_per_s: the same with the model + snapshot construction time
//   subtracted — evaluateBook alone (explain off) and runStrategy alone.
// Times are CPU time of this process (one core).
import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import { type HedgeState, NO_HEDGE } from "../planner/HedgeState.ts";
import { defaultPolicy } from "../policy/defaultPolicy.ts";
import type { Bar } from "../signals/Bar.ts";
import { breadth } from "../signals/breadth.ts";
import { MarketSignalEngine } from "../signals/MarketSignalEngine.ts";
import type { MarketSignals } from "../signals/MarketSignals.ts";
import type { BookSnapshot } from "../strategy/BookSnapshot.ts";
import type { BookState } from "../strategy/BookState.ts";
import { evaluateBook } from "../strategy/evaluateBook.ts";
import { type PolicyEntry, runStrategy } from "../strategy/runStrategy.ts";
import type { Snapshot } from "../strategy/Snapshot.ts";

type Print = (name: string, value: string | number) => void;
const H = 3_600_000;
const E18 = 10n ** 18n;
const MMR = 0.0625;

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

/** Hourly random walk (≈ 80 % annualised vol) with a 40-bar sell-off every 1 000 bars. */
function path(n: number, seed: number): Bar[] {
  const z = normals(seed);
  const bars: Bar[] = [];
  let p = 2_000;
  for (let i = 0; i < n; i++) {
    const crash = i % 1_000 > 900 && i % 1_000 < 940 ? -0.004 : 0;
    const open = p;
    p = p * Math.exp(0.0085 * z() + crash);
    bars.push({ t: i * H, open, high: Math.max(open, p) * 1.002, low: Math.min(open, p) * 0.998, close: p });
  }
  return bars;
}

/** One simulated book: float margin model, bigint snapshot. */
type Sim = { id: string; long: boolean; lev: number; qty: number; av: number; hedge: HedgeState };
const units = (x: number) => BigInt(Math.round(x)) * E18;
const toNum = (x: bigint) => Number(x / E18);

function open(s: Sim, price: number): void {
  s.qty = 10_000 / price;
  s.av = 10_000 / s.lev;
  s.hedge = NO_HEDGE;
}

function bookOf(s: Sim, market: string, time: number): BookSnapshot {
  return {
    bookId: s.id,
    side: s.long ? "long" : "short",
    market,
    positionNotional: 0n,
    accountValue: 0n,
    maintenanceRequirement: 0n,
    marginBufferPpm: 0,
    hedge: s.hedge,
    paused: false,
    policyVersion: 1n,
    policyHash: "0x00",
    dataTime: time,
  };
}

function apply(s: Sim, intents: readonly HedgeIntent[], price: number): void {
  const h = { ...s.hedge };
  for (const i of intents) {
    if (i.kind === "reduce")
      [h.reducedNotional, s.qty] = [h.reducedNotional + i.notional, s.qty - toNum(i.notional) / price];
    else if (i.kind === "restore")
      [h.reducedNotional, s.qty] = [h.reducedNotional - i.notional, s.qty + toNum(i.notional) / price];
    else if (i.kind === "openHedge") [h.offsetNotional, h.hedgeMarket] = [h.offsetNotional + i.notional, i.market];
    else if (i.kind === "closeHedge") h.offsetNotional -= i.notional;
    else if (i.kind === "addMargin") [h.addedMargin, s.av] = [h.addedMargin + i.amount, s.av + toNum(i.amount)];
    else [h.addedMargin, s.av] = [h.addedMargin - i.amount, s.av - toNum(i.amount)];
  }
  s.hedge = h;
}

/** CPU seconds (user + system) of `f`: one core's work, less distorted by other processes than wall time. */
function seconds(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

export async function run(print: Print): Promise<void> {
  const policy = defaultPolicy();
  const N = 43_800; // 5 years of hourly bars
  const P = 10; // positions on the market (3x..7x, long and short)
  const bars = path(N, 20210519);
  const market = "ETH";

  let sigs: MarketSignals[] = [];
  const tSig = seconds(() => {
    const e = new MarketSignalEngine(market, policy.settings);
    sigs = bars.map((b, i) => {
      if (i % 8 === 0) e.pushFunding(b.t, 0.0001 * Math.sin(i / 50));
      return e.pushBar(b);
    });
  });
  print("strategy.signal_bars_per_s", Math.round(N / tSig));

  const entry: PolicyEntry = { policy, version: 1n, hash: "0x00" };
  const policies = new Map<string, PolicyEntry>();
  const sims: Sim[] = [];
  for (let k = 0; k < P; k++) {
    policies.set(`b${k}`, entry);
    const s: Sim = { id: `b${k}`, long: k % 2 === 0, lev: 3 + (k % 5), qty: 0, av: 0, hedge: NO_HEDGE };
    open(s, bars[0]?.close ?? 1);
    sims.push(s);
  }

  let plans = 0;
  let liquidations = 0;
  let evaluations = 0;
  let layerBars = 0;
  const step = (mode: "model" | "evaluate" | "run") => {
    let states: ReadonlyMap<string, BookState> = new Map<string, BookState>();
    for (const s of sims) open(s, bars[0]?.close ?? 1);
    let prev = bars[0]?.close ?? 1;
    for (let i = 0; i < N; i++) {
      const sig = sigs[i] as MarketSignals;
      const price = sig.close;
      const books: BookSnapshot[] = [];
      for (const s of sims) {
        s.av += (s.long ? 1 : -1) * s.qty * (price - prev);
        const pos = s.qty * price;
        const mr = MMR * pos;
        if (s.av - mr <= 0) {
          liquidations++;
          open(s, price);
          const m = new Map(states);
          m.delete(s.id);
          states = m;
        }
        const b = bookOf(s, market, sig.time);
        b.positionNotional = units(s.qty * price);
        b.accountValue = units(s.av);
        b.maintenanceRequirement = units(MMR * s.qty * price);
        b.marginBufferPpm = Math.trunc(((s.av - MMR * s.qty * price) / s.av) * 1e6);
        books.push(b);
      }
      prev = price;
      const snap: Snapshot = { time: sig.time, markets: new Map([[market, sig]]), breadth: breadth([sig]), books };
      const clock = { now: () => sig.time };
      if (mode === "model") {
        layerBars += books.length;
      } else if (mode === "evaluate") {
        for (const b of books)
          layerBars += evaluateBook(snap, b, policy, states.get(b.bookId), clock, { explain: false }).layer;
      } else {
        const r = runStrategy(snap, policies, states, clock, { explain: false });
        states = r.states;
        plans += r.plans.length;
        for (const p of r.plans) {
          const s = sims.find((x) => x.id === p.bookId) as Sim;
          apply(s, p.intents, price);
        }
      }
      evaluations += P;
    }
  };
  step("run"); // warm-up (JIT)
  plans = 0;
  const tModel = seconds(() => step("model"));
  const tEval = seconds(() => step("evaluate"));
  const tRun = seconds(() => step("run"));
  print("strategy.loop_evals_per_s", Math.round((N * P) / tRun));
  print("strategy.evaluate_per_s", Math.round((N * P) / Math.max(1e-9, tEval - tModel)));
  print("strategy.run_evals_per_s", Math.round((N * P) / Math.max(1e-9, tRun - tModel)));
  print("strategy.run_plans", plans);
  print("strategy.run_liquidations", liquidations);
  print("strategy.evaluations", evaluations);
  print("strategy.layer_bars", layerBars);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run((n, v) => console.log(`${n}: ${v}`));
}
