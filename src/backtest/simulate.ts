import type { BookView, Decision, RunContext, SimAction, StrategyFactory } from "./BacktestStrategy.ts";
import type { Bars } from "./data/Bars.ts";
import type { StrategyMetrics } from "./StrategyMetrics.ts";
import { pathPrice, triggerFill } from "./sim/barPath.ts";
import { approvalDelay, type ExecutionModel, executionBar, fullExecution } from "./sim/ExecutionModel.ts";
import { executePending, executeProposal, executeProtect, trade } from "./sim/fills.ts";
import { finish, newBook, recordFlat, type SimBook } from "./sim/SimBook.ts";

/** Watched triggers acted on inside one bar at most (L1, L2, L3, the module): a bound on a loop that moves on. */
const MAX_TRIGGERS_PER_BAR = 4;

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

/**
 * Runs every (position × strategy) book over bars `[startIndex, endIndex)` in one pass. Per bar, per book
 * (docs/backtest-execution.md):
 * 1. funding due since the previous bar is charged at this bar's open (mark = open);
 * 2. what is due at this bar's open executes at the open ± slippage, plus fees: an `onBar` strategy's pending
 *    decision, or the approved proposals of an `act` strategy; then module calls decided at the last close
 *    fill on this bar's path at the reaction latency, if the module's rules accept them;
 * 3. watched triggers: a resting trigger (stop-loss, deleverage baselines) and a strategy's margin trigger fill inside the
 *    bar where the path reaches them (the open on a gap) + the reaction latency, ± slippage; then the adverse
 *    extreme (low for a long, high for a short) is checked for a maintenance breach, which liquidates
 *    (penalty included) and leaves the book flat for good;
 * 4. at the close the strategy sees only data up to this close and decides. An `onBar` decision waits for
 *    the execution model (approval delay, or the next open on the emergency path); a newer one supersedes it
 *    until it is approved. An `act` strategy's proposals go to the signers' queue (`SimProposalQueue`), its
 *    module calls to the next bar (`SimEmergencyModule`).
 */
export function simulate(
  run: RunContext,
  positions: readonly PositionSpec[],
  factories: readonly StrategyFactory[],
  options: SimulateOptions,
): BookResult[] {
  const { bars, startIndex, endIndex } = run;
  const exec = fullExecution(options.execution);
  const latency = exec.reactionLatencyMs;
  const fundingAtOpen = fundingDueAtOpen(run);
  const books: SimBook[] = [];
  for (const spec of positions) {
    for (const factory of factories) books.push(newBook(run, spec, factory, exec, options.record === true));
  }
  const total = endIndex - startIndex;
  const step = Math.max(1, Math.floor(total / 100));
  const interval = bars.intervalMs;
  const bar = { open: 0, high: 0, low: 0, close: 0 };
  for (let i = startIndex; i < endIndex; i++) {
    const open = bars.open[i] as number;
    const high = bars.high[i] as number;
    const low = bars.low[i] as number;
    const close = bars.close[i] as number;
    bar.open = open;
    bar.high = high;
    bar.low = low;
    bar.close = close;
    const prevClose = i === startIndex ? open : (bars.close[i - 1] as number);
    const rate = fundingAtOpen[i] as number;
    const t = bars.openTimeMs[i] as number;
    for (let b = 0; b < books.length; b++) {
      const book = books[b] as SimBook;
      const acc = book.account;
      const strategy = book.strategy;
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
      if (book.pendingBar === i) executePending(book, open);
      for (const p of book.queue.takeDue(i)) executeProposal(book, p, open, t);
      book.view.proposals = book.queue.items;
      let moduleActed = false;
      if (book.moduleOrders.length > 0) {
        const orders = book.moduleOrders;
        book.moduleOrders = [];
        const px = triggerFill(bar, book.dir, open, latency, interval).price;
        for (const o of orders) {
          const r = executeProtect(book, o, px, open, t + latency);
          moduleActed ||= r.ok;
          if (strategy.onProtected)
            apply(book, strategy.onProtected(o.id, r, viewAt(book, i - 1, t + latency, px)), t + latency);
        }
      }
      if (strategy.restingTrigger) fillRestingTrigger(book, bar, latency, interval);
      if (strategy.marginTrigger && strategy.act && !moduleActed && i > startIndex) {
        // The keeper polls every few seconds: each watched trigger the bar's adverse leg reaches acts there, in
        // path order (an escalation proposed, then the module further down), each on the account it left.
        let walked = 0;
        let price = prevClose;
        for (let n = 0; n < MAX_TRIGGERS_PER_BAR && acc.size !== 0; n++) {
          const layerBefore = strategy.layer;
          const trigger = strategy.marginTrigger(viewAt(book, i - 1, t + walked * interval, price));
          const hit = triggerFill(bar, book.dir, trigger, latency, interval);
          if (Number.isNaN(hit.price)) break;
          // a level the path passed while the previous action was being taken is acted on at once
          const late = hit.at < walked;
          const atFrac = late ? walked : hit.at;
          const at = t + atFrac * interval;
          price = late
            ? pathPrice(bar.open, bar.high, bar.low, bar.close, book.dir, walked)
            : hit.at === 0
              ? open
              : trigger;
          const fillPx = late
            ? pathPrice(bar.open, bar.high, bar.low, bar.close, book.dir, walked + latency / interval)
            : hit.price;
          const actions = strategy.act(viewAt(book, i - 1, at, price));
          apply(
            book,
            actions.filter((a) => a.kind !== "protect"),
            at,
          );
          let protectedNow = false;
          for (const a of actions) {
            if (a.kind !== "protect") continue;
            const r = executeProtect(book, a, fillPx, open, at + latency);
            protectedNow ||= r.ok;
            if (strategy.onProtected)
              apply(book, strategy.onProtected(a.id, r, viewAt(book, i - 1, at + latency, fillPx)), at + latency);
          }
          book.view.atTrigger = false;
          walked = atFrac;
          // one module action per bar; and with nothing moved on (no escalation) the next trigger is the same one
          if (protectedNow || strategy.layer <= layerBefore) break;
        }
      }
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
        book.queue.clear();
        book.moduleOrders = [];
        if (book.series) {
          recordFlat(book.series, i - startIndex);
          book.series.buffer[i - startIndex] = book.minBuffer; // the breach itself stays visible
        }
        continue;
      }
      drawdownTo(book, acc.value(extreme) + book.reserve);
      book.pnlGivenUp += book.hedged * book.dir * (close - open);
      if (book.hedged > 0) book.hedgedBars++;
      const v = viewAt(book, i, t + interval, close, false);
      if (v.value + book.reserve > book.peakEquity) book.peakEquity = v.value + book.reserve;
      v.pendingHedgeRatio = book.pendingBar >= 0 ? book.pendingRatio : Number.NaN;
      v.pendingLocked = book.pendingBar >= 0 && book.pendingApprovedMs <= v.timeMs;
      if (strategy.act) apply(book, strategy.act(v), v.timeMs);
      else if (strategy.onBar) decide(book, strategy.onBar(v), v, bars, options.execution);
      book.evaluations++;
      const layer = strategy.layer;
      if (layer !== book.lastLayer) {
        const a = book.activations;
        if (layer >= 1 && book.lastLayer < 1) a[0]++;
        if (layer >= 2 && book.lastLayer < 2) a[1]++;
        if (layer >= 3 && book.lastLayer < 3) a[2]++;
      }
      book.lastLayer = layer;
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

/** Most fills of a repeatable resting trigger inside one bar (each cut re-arms it further away). */
const MAX_TRIGGER_FILLS = 64;

/**
 * Fills the strategy's resting trigger (stop-loss, deleverage baselines) as often as the bar's path reaches
 * it, by the watched-trigger rule (`triggerFill`: the trigger, the open on a gap, + the reaction latency),
 * cutting the position to the strategy's target (never adding exposure). A fill cancels the pending decision
 * (it was sized for the book before the cut).
 */
function fillRestingTrigger(
  book: SimBook,
  bar: { open: number; high: number; low: number; close: number },
  latency: number,
  interval: number,
): void {
  const s = book.strategy;
  const acc = book.account;
  const open = bar.open;
  for (let n = 0; n < MAX_TRIGGER_FILLS && acc.size !== 0; n++) {
    const trigger = s.restingTrigger ? s.restingTrigger(acc) : Number.NaN;
    const px = triggerFill(bar, book.dir, trigger, latency, interval).price;
    if (Number.isNaN(px)) return;
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

function drawdownTo(book: SimBook, equity: number): void {
  const dd = book.peakEquity > 0 ? 1 - equity / book.peakEquity : 0;
  if (dd > book.maxDrawdown) book.maxDrawdown = dd;
}

/** The book's view at `timeMs` and price `price`, after the bar `index` closed (reused object). */
function viewAt(book: SimBook, index: number, timeMs: number, price: number, atTrigger = true): BookView {
  const v = book.view;
  const acc = book.account;
  v.index = index;
  v.timeMs = timeMs;
  v.close = price;
  v.hedgedBase = book.hedged;
  v.value = acc.value(price);
  v.requirement = acc.requirement(price);
  v.reserve = book.reserve;
  v.proposals = book.queue.items;
  v.safeNonce = book.safeNonce;
  v.atTrigger = atTrigger;
  return v;
}

/** Hands an `act` strategy's proposals and withdrawals to the signers' queue, its module calls to the next bar. */
function apply(book: SimBook, actions: readonly SimAction[], nowMs: number): void {
  for (const a of actions) {
    if (a.kind === "propose") book.queue.submit(a, nowMs);
    else if (a.kind === "withdraw") book.queue.withdraw(a.id, nowMs);
    else book.moduleOrders.push({ id: a.id, action: a.action, amount: a.amount });
  }
  book.view.proposals = book.queue.items;
}

/** An `onBar` decision: one pending slot, superseded by a newer decision until approved. */
function decide(book: SimBook, decision: Decision | null, v: BookView, bars: Bars, execution: ExecutionModel): void {
  if (decision === null || v.pendingLocked) return;
  const ratio = clamp01(decision.targetHedgeRatio);
  const add = Number.isFinite(decision.addMargin) ? decision.addMargin : 0;
  const samePending = book.pendingBar >= 0 && ratio === book.pendingRatio && add === book.pendingAdd;
  const noop = Math.abs(ratio * book.baseSize - book.hedged) < 1e-12 * book.baseSize && add === 0;
  if (noop) {
    book.pendingBar = -1;
  } else if (!samePending) {
    book.pendingRatio = ratio;
    book.pendingAdd = add;
    book.pendingBar = executionBar(bars, v.timeMs, decision.urgent, execution);
    book.pendingApprovedMs = v.timeMs + approvalDelay(decision.urgent, execution);
  }
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
