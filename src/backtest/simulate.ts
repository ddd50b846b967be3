import type { BacktestStrategy, BookView, RunContext, StrategyFactory } from "./BacktestStrategy.ts";
import type { StrategyMetrics } from "./StrategyMetrics.ts";
import { approvalDelay, type ExecutionModel, executionBar } from "./sim/ExecutionModel.ts";
import { MarginAccount } from "./sim/MarginAccount.ts";

/** The position under test: opened at the first traded bar's open with `collateral × leverage` notional. */
export type PositionSpec = {
  side: "long" | "short";
  leverage: number;
  /** Quote collateral deposited in the venue account. */
  collateral: number;
  /** Idle quote in the Safe that strategies may add as margin. */
  reserve: number;
};

/** Per-bar series of one book, for charts (recorded only when asked). */
export type BookSeries = {
  /** Margin buffer at the bar's adverse extreme (NaN once liquidated). */
  buffer: Float32Array;
  hedgeRatio: Float32Array;
  layer: Uint8Array;
};

export type BookResult = {
  strategy: string;
  position: PositionSpec;
  metrics: StrategyMetrics;
  /** Bars on which the strategy was evaluated (the book was alive at the close). */
  evaluations: number;
  series?: BookSeries;
};

export type SimulateOptions = {
  execution: ExecutionModel;
  record?: boolean;
  /** Called every ~1 % of bars with (done, total). */
  onProgress?: (done: number, total: number) => void;
};

type Book = {
  name: string;
  spec: PositionSpec;
  strategy: BacktestStrategy;
  account: MarginAccount;
  dir: 1 | -1;
  baseSize: number;
  hedged: number;
  reserve: number;
  pendingRatio: number;
  pendingAdd: number;
  pendingBar: number;
  /** When the pending decision is approved (decision time + delay, or + 0 on the emergency path). */
  pendingApprovedMs: number;
  lastLayer: number;
  // accumulators
  breaches: number;
  liquidatedAtMs: number;
  minBuffer: number;
  minBufferAtMs: number;
  hedgeFees: number;
  hedgeFunding: number;
  pnlGivenUp: number;
  fundingPaid: number;
  feesPaid: number;
  penalty: number;
  hedgedBars: number;
  maxRatio: number;
  trades: number;
  marginAdded: number;
  evaluations: number;
  /** Highest equity (value + reserve) at a close so far, and the deepest fall below it (share of the peak). */
  peakEquity: number;
  maxDrawdown: number;
  activations: [number, number, number];
  series: BookSeries | undefined;
  view: BookView;
};

/**
 * Runs every (position × strategy) book over bars `[startIndex, endIndex)` in one pass. Per bar, per book:
 * 1. funding due since the previous bar is charged at this bar's open (mark = open);
 * 2. a pending decision due at this bar executes at its open ± slippage, plus fees;
 * 3. a resting trigger (stop-loss, deleverage baselines) fills if the bar reaches it; then the adverse extreme (low for a
 *    long, high for a short) is checked for a maintenance breach, which liquidates (penalty included) and
 *    leaves the book flat for good;
 * 4. at the close the strategy sees only data up to this close and may decide; its decision waits for the
 *    execution model (approval delay, or the next open on the emergency path). A newer decision supersedes
 *    a pending one until that one is approved; an approved one only waits for the next open and stands.
 */
export function simulate(
  run: RunContext,
  positions: readonly PositionSpec[],
  factories: readonly StrategyFactory[],
  options: SimulateOptions,
): BookResult[] {
  const { bars, startIndex, endIndex } = run;
  const fundingAtOpen = fundingDueAtOpen(run);
  const books: Book[] = [];
  for (const spec of positions) {
    for (const factory of factories) books.push(newBook(run, spec, factory, options.record === true));
  }
  const total = endIndex - startIndex;
  const step = Math.max(1, Math.floor(total / 100));
  const interval = bars.intervalMs;
  for (let i = startIndex; i < endIndex; i++) {
    const open = bars.open[i] as number;
    const high = bars.high[i] as number;
    const low = bars.low[i] as number;
    const close = bars.close[i] as number;
    const prevClose = i === startIndex ? open : (bars.close[i - 1] as number);
    const rate = fundingAtOpen[i] as number;
    const t = bars.openTimeMs[i] as number;
    for (let b = 0; b < books.length; b++) {
      const book = books[b] as Book;
      const acc = book.account;
      if (acc.liquidated) {
        if (book.series) recordFlat(book.series, i - startIndex);
        continue;
      }
      if (i === startIndex) {
        const fill = acc.trade(book.dir * book.baseSize, open);
        book.feesPaid += fill.fee + fill.slippageCost;
      } else {
        book.pnlGivenUp += book.hedged * book.dir * (open - prevClose);
        if (rate !== 0) {
          book.fundingPaid += acc.applyFunding(rate, open);
          book.hedgeFunding -= book.hedged * book.dir * open * rate;
        }
      }
      if (book.pendingBar === i) execute(book, open);
      if (book.strategy.restingTrigger) fillRestingTrigger(book, open, high, low);
      const breach = acc.breachInBar(open, high, low);
      const extreme = book.dir > 0 ? low : high;
      const buffer = acc.buffer(Number.isNaN(breach) ? extreme : breach);
      if (buffer < book.minBuffer) {
        book.minBuffer = buffer;
        book.minBufferAtMs = t;
      }
      if (!Number.isNaN(breach)) {
        book.breaches++;
        book.minBuffer = Math.min(book.minBuffer, acc.buffer(extreme));
        book.penalty += acc.liquidate(breach);
        drawdownTo(book, acc.value(breach) + book.reserve);
        book.liquidatedAtMs = t;
        book.pendingBar = -1;
        if (book.series) {
          recordFlat(book.series, i - startIndex);
          book.series.buffer[i - startIndex] = book.minBuffer; // the breach itself stays visible
        }
        continue;
      }
      drawdownTo(book, acc.value(extreme) + book.reserve);
      book.pnlGivenUp += book.hedged * book.dir * (close - open);
      if (book.hedged > 0) book.hedgedBars++;
      const v = book.view;
      v.index = i;
      v.timeMs = t + interval;
      v.close = close;
      v.hedgedBase = book.hedged;
      v.value = acc.value(close);
      v.requirement = acc.requirement(close);
      v.reserve = book.reserve;
      if (v.value + book.reserve > book.peakEquity) book.peakEquity = v.value + book.reserve;
      v.pendingHedgeRatio = book.pendingBar >= 0 ? book.pendingRatio : Number.NaN;
      v.pendingLocked = book.pendingBar >= 0 && book.pendingApprovedMs <= v.timeMs;
      const decision = book.strategy.onBar(v);
      book.evaluations++;
      const layer = book.strategy.layer;
      if (layer !== book.lastLayer) {
        const a = book.activations;
        if (layer >= 1 && book.lastLayer < 1) a[0]++;
        if (layer >= 2 && book.lastLayer < 2) a[1]++;
        if (layer >= 3 && book.lastLayer < 3) a[2]++;
      }
      book.lastLayer = layer;
      if (decision !== null && !v.pendingLocked) {
        const ratio = clamp01(decision.targetHedgeRatio);
        const add = Number.isFinite(decision.addMargin) ? decision.addMargin : 0;
        const samePending = book.pendingBar >= 0 && ratio === book.pendingRatio && add === book.pendingAdd;
        const noop = Math.abs(ratio * book.baseSize - book.hedged) < 1e-12 * book.baseSize && add === 0;
        if (noop) {
          book.pendingBar = -1;
        } else if (!samePending) {
          book.pendingRatio = ratio;
          book.pendingAdd = add;
          book.pendingBar = executionBar(bars, t + interval, decision.urgent, options.execution);
          book.pendingApprovedMs = t + interval + approvalDelay(decision.urgent, options.execution);
        }
      }
      if (book.series) {
        const s = book.series;
        const k = i - startIndex;
        s.buffer[k] = buffer;
        s.hedgeRatio[k] = book.hedged / book.baseSize;
        s.layer[k] = layer;
      }
    }
    if (options.onProgress && (i - startIndex) % step === 0) options.onProgress(i - startIndex, total);
  }
  options.onProgress?.(total, total);
  const lastClose = bars.close[endIndex - 1] as number;
  return books.map((book) => ({
    strategy: book.name,
    position: book.spec,
    metrics: finish(book, lastClose, total, interval),
    evaluations: book.evaluations,
    ...(book.series ? { series: book.series } : {}),
  }));
}

function newBook(run: RunContext, spec: PositionSpec, factory: StrategyFactory, record: boolean): Book {
  const dir: 1 | -1 = spec.side === "long" ? 1 : -1;
  const open0 = run.bars.open[run.startIndex] as number;
  const baseSize = (spec.collateral * spec.leverage) / open0;
  const account = new MarginAccount(run.model, spec.collateral);
  const n = run.endIndex - run.startIndex;
  const book: Book = {
    name: factory.name,
    spec,
    strategy: factory.create(run, dir),
    account,
    dir,
    baseSize,
    hedged: 0,
    reserve: spec.reserve,
    pendingRatio: Number.NaN,
    pendingAdd: 0,
    pendingBar: -1,
    pendingApprovedMs: Number.NaN,
    lastLayer: 0,
    breaches: 0,
    liquidatedAtMs: Number.NaN,
    minBuffer: Number.POSITIVE_INFINITY,
    minBufferAtMs: Number.NaN,
    hedgeFees: 0,
    hedgeFunding: 0,
    pnlGivenUp: 0,
    fundingPaid: 0,
    feesPaid: 0,
    penalty: 0,
    hedgedBars: 0,
    maxRatio: 0,
    trades: 0,
    marginAdded: 0,
    evaluations: 0,
    peakEquity: spec.collateral + spec.reserve,
    maxDrawdown: 0,
    activations: [0, 0, 0],
    series: record
      ? { buffer: new Float32Array(n).fill(Number.NaN), hedgeRatio: new Float32Array(n), layer: new Uint8Array(n) }
      : undefined,
    view: {
      index: 0,
      timeMs: 0,
      close: 0,
      side: dir,
      baseSize,
      hedgedBase: 0,
      value: 0,
      requirement: 0,
      reserve: spec.reserve,
      pendingHedgeRatio: Number.NaN,
      pendingLocked: false,
      account,
    },
  };
  return book;
}

function execute(book: Book, open: number): void {
  book.pendingBar = -1;
  if (book.pendingAdd > 0 && book.reserve > 0) {
    const amount = Math.min(book.pendingAdd, book.reserve);
    book.reserve -= amount;
    book.account.addMargin(amount);
    book.marginAdded += amount;
    book.trades++;
  } else if (book.pendingAdd < 0 && book.marginAdded > 0) {
    const amount = Math.min(-book.pendingAdd, book.marginAdded);
    book.reserve += amount;
    book.account.addMargin(-amount);
    book.marginAdded -= amount;
    book.trades++;
  }
  trade(book, book.pendingRatio, open);
  book.pendingRatio = Number.NaN;
  book.pendingAdd = 0;
  book.strategy.onExecuted?.();
}

/** Moves the hedged share to `ratio` at `refPrice` (± slippage, + fee). */
function trade(book: Book, ratio: number, refPrice: number): void {
  const target = ratio * book.baseSize;
  const delta = target - book.hedged;
  if (Math.abs(delta) < 1e-12 * book.baseSize) return;
  const fill = book.account.trade(-book.dir * delta, refPrice);
  book.hedged = target;
  book.hedgeFees += fill.fee + fill.slippageCost;
  book.feesPaid += fill.fee + fill.slippageCost;
  book.trades++;
  if (ratio > book.maxRatio) book.maxRatio = ratio;
}

/** Most fills of a repeatable resting trigger inside one bar (each cut re-arms it further away). */
const MAX_TRIGGER_FILLS = 64;

/**
 * Fills the strategy's resting trigger as often as the bar reaches it: at the trigger, or at the open when the
 * bar gaps through it, cutting the position to the strategy's target (never adding exposure). A fill cancels
 * the pending proposal (it was sized for the book before the cut).
 */
function fillRestingTrigger(book: Book, open: number, high: number, low: number): void {
  const s = book.strategy;
  const acc = book.account;
  for (let n = 0; n < MAX_TRIGGER_FILLS && acc.size !== 0; n++) {
    const trigger = s.restingTrigger ? s.restingTrigger(acc) : Number.NaN;
    if (Number.isNaN(trigger) || !(book.dir > 0 ? low <= trigger : high >= trigger)) return;
    const px = book.dir > 0 ? Math.min(open, trigger) : Math.max(open, trigger);
    const held = Math.abs(acc.size);
    const keep = s.restingTarget ? Math.min(held, Math.max(0, s.restingTarget(acc, px))) : 0;
    if (held - keep < 1e-12 * book.baseSize) return;
    const ratio = keep === 0 ? 1 : Math.min(1, (book.baseSize - keep) / book.baseSize);
    book.pnlGivenUp += book.hedged * book.dir * (px - open);
    book.pendingBar = -1;
    book.pendingRatio = Number.NaN;
    trade(book, ratio, px);
    // the open→close segment below uses the new hedge; the px→close part is what it should cover
    book.pnlGivenUp -= book.hedged * book.dir * (px - open);
  }
}

function drawdownTo(book: Book, equity: number): void {
  const dd = book.peakEquity > 0 ? 1 - equity / book.peakEquity : 0;
  if (dd > book.maxDrawdown) book.maxDrawdown = dd;
}

function recordFlat(series: BookSeries, k: number): void {
  series.buffer[k] = Number.NaN;
  series.hedgeRatio[k] = 0;
  series.layer[k] = 0;
}

function clamp01(x: number): number {
  return x < 0 || Number.isNaN(x) ? 0 : Math.min(x, 1);
}

/** Sum of funding rates whose time falls in (previous bar's open, this bar's open]; 0 for the first traded bar. */
function fundingDueAtOpen(run: RunContext): Float64Array {
  const { bars, funding } = run;
  const out = new Float64Array(bars.length);
  let f = 0;
  for (let i = 0; i < bars.length; i++) {
    const t = bars.openTimeMs[i] as number;
    let sum = 0;
    while (f < funding.length && (funding.timeMs[f] as number) <= t) {
      sum += funding.rate[f] as number;
      f++;
    }
    out[i] = i <= run.startIndex ? 0 : sum;
  }
  return out;
}

function finish(book: Book, lastClose: number, bars: number, intervalMs: number): StrategyMetrics {
  const acc = book.account;
  const finalEquity = acc.value(lastClose) + book.reserve;
  const hedgeCost = book.hedgeFees + book.hedgeFunding + book.pnlGivenUp;
  return {
    breaches: book.breaches,
    liquidated: acc.liquidated,
    liquidatedAt: Number.isNaN(book.liquidatedAtMs) ? null : new Date(book.liquidatedAtMs).toISOString(),
    minMarginBuffer: book.minBuffer === Number.POSITIVE_INFINITY ? 1 : book.minBuffer,
    minMarginBufferAt: Number.isNaN(book.minBufferAtMs) ? null : new Date(book.minBufferAtMs).toISOString(),
    hedgeCost,
    hedgeFees: book.hedgeFees,
    hedgeFunding: book.hedgeFunding,
    pnlGivenUp: book.pnlGivenUp,
    fundingPaid: book.fundingPaid,
    feesPaid: book.feesPaid,
    liquidationPenalty: book.penalty,
    timeHedged: bars === 0 ? 0 : book.hedgedBars / bars,
    hoursHedged: (book.hedgedBars * intervalMs) / 3_600_000,
    maxHedgeRatio: book.maxRatio,
    maxDrawdown: book.maxDrawdown,
    trades: book.trades,
    marginAdded: book.marginAdded,
    layerActivations: { l1: book.activations[0], l2: book.activations[1], l3: book.activations[2] },
    finalEquity,
    return: finalEquity / (book.spec.collateral + book.spec.reserve) - 1,
  };
}
