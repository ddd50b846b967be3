import type { BacktestStrategy, BookView, RunContext, StrategyFactory } from "../BacktestStrategy.ts";
import type { StrategyMetrics } from "../StrategyMetrics.ts";
import type { BookSeries, PositionSpec } from "../simulate.ts";
import { type ExecutionModel, fullExecution, moduleParamsOf } from "./ExecutionModel.ts";
import { MarginAccount } from "./MarginAccount.ts";
import { SimEmergencyModule } from "./SimEmergencyModule.ts";
import { SimProposalQueue } from "./SimProposalQueue.ts";

/** A module call waiting for the next bar (decided at a close): it fills at that bar's path + latency. */
export type ModuleOrder = { id: string; action: 1 | 2; amount: bigint };

/** One (position × strategy) book of a run: the account, its executors and the run's accumulators. */
export type SimBook = {
  name: string;
  spec: PositionSpec;
  strategy: BacktestStrategy;
  account: MarginAccount;
  dir: 1 | -1;
  baseSize: number;
  hedged: number;
  reserve: number;
  // the single pending decision of `onBar` strategies
  pendingRatio: number;
  pendingAdd: number;
  pendingBar: number;
  /** When the pending decision is approved (decision time + delay, or + 0 on the emergency path). */
  pendingApprovedMs: number;
  // the executors of `act` strategies
  queue: SimProposalQueue;
  module: SimEmergencyModule | undefined;
  moduleOrders: ModuleOrder[];
  safeNonce: number;
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

export function newBook(
  run: RunContext,
  spec: PositionSpec,
  factory: StrategyFactory,
  execution: ExecutionModel,
  record: boolean,
): SimBook {
  const dir: 1 | -1 = spec.side === "long" ? 1 : -1;
  const open0 = run.bars.open[run.startIndex] as number;
  const baseSize = (spec.collateral * spec.leverage) / open0;
  const account = new MarginAccount(run.model, spec.collateral);
  const n = run.endIndex - run.startIndex;
  const strategy = factory.create(run, dir);
  const exec = fullExecution(execution);
  const module =
    strategy.moduleLimits && exec.emergencyImmediate
      ? new SimEmergencyModule(moduleParamsOf(exec.module), strategy.moduleLimits)
      : undefined;
  const queue = new SimProposalQueue(run.bars, exec.approvalDelayMs);
  return {
    name: factory.name,
    spec,
    strategy,
    account,
    dir,
    baseSize,
    hedged: 0,
    reserve: spec.reserve,
    pendingRatio: Number.NaN,
    pendingAdd: 0,
    pendingBar: -1,
    pendingApprovedMs: Number.NaN,
    queue,
    module,
    moduleOrders: [],
    safeNonce: 0,
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
      proposals: queue.items,
      safeNonce: 0,
      module,
      atTrigger: false,
    },
  };
}

/** The book's figures at the end of the run. */
export function finish(book: SimBook, lastClose: number, bars: number, intervalMs: number): StrategyMetrics {
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
    moduleActions: book.module?.actions ?? 0,
    moduleReverts: book.module?.reverts ?? 0,
    layerActivations: { l1: book.activations[0], l2: book.activations[1], l3: book.activations[2] },
    finalEquity,
    return: finalEquity / (book.spec.collateral + book.spec.reserve) - 1,
  };
}

export function recordFlat(series: BookSeries, k: number): void {
  series.buffer[k] = Number.NaN;
  series.hedgeRatio[k] = 0;
  series.layer[k] = 0;
}
