import { describeIntent } from "../proposer/describeIntent.ts";
import { expectedMarginAfter, marginFigures } from "../proposer/expectedMarginAfter.ts";
import type { ProposalEvidence } from "../proposer/ProposalEvidence.ts";
import type { MarketSignals } from "../signals/MarketSignals.ts";
import type { Decision } from "../strategy/Decision.ts";
import { formatReason } from "../strategy/Reason.ts";
import type { Plan, PolicyEntry } from "../strategy/runStrategy.ts";
import type { AccountState, SafeCall } from "../venues/Venue.ts";
import type { KeeperBook } from "./KeeperBook.ts";

const num = (x: number) => (Number.isFinite(x) ? x : null);

/** The evidence stored with a proposal: inputs, thresholds (the whole policy), decision, plan, calls, margin. */
export function buildEvidence(args: {
  book: KeeperBook;
  symbol: string;
  symbolOf: (market: string) => string;
  block: { number: bigint; timestamp: number };
  entry: PolicyEntry;
  decision: Decision;
  signals: MarketSignals | undefined;
  plan: Plan;
  calls: readonly SafeCall[];
  account: AccountState;
  maintenanceRatioPpm: bigint;
}): ProposalEvidence {
  const { book, decision: d, plan, signals: s, account } = args;
  const before = { accountValue: account.accountValue, maintenanceRequirement: account.maintenanceRequirement };
  return {
    book: { id: book.id, side: book.side, market: book.market, symbol: args.symbol, account: book.account },
    block: args.block,
    policy: { version: Number(args.entry.version), hash: args.entry.hash, policy: args.entry.policy },
    decision: {
      status: d.status,
      layer: d.layer,
      previousLayer: d.previousLayer,
      escalating: d.escalating,
      held: d.held,
      warm: d.warm,
      marginBufferPpm: d.marginBufferPpm,
      dataTime: d.dataTime,
      time: d.time,
    },
    reasons: d.reasons.map((r) => ({
      text: formatReason(r, book.side),
      kind: r.kind,
      unit: r.unit,
      relaxed: r.relaxed,
      layer: r.layer,
      signal: r.signal,
      value: r.value,
      threshold: r.threshold,
      op: r.op,
      fired: r.fired,
    })),
    inputs: s
      ? {
          barTime: s.barTime,
          close: num(s.close),
          rsi: num(s.rsi),
          macd: num(s.macd),
          macdSignal: num(s.macdSignal),
          macdHistogram: num(s.macdHistogram),
          bullishDivergence: s.bullishDivergence,
          bearishDivergence: s.bearishDivergence,
          ema: num(s.ema),
          realisedVol: num(s.realisedVol),
          move: num(s.move),
          fundingRate: num(s.fundingRate),
          fundingZ: num(s.fundingZ),
          bars: s.bars,
          stable: s.stable,
        }
      : {},
    plan: {
      key: plan.key,
      canonical: plan.canonical,
      intents: plan.intents,
      words: plan.intents.map((i) => describeIntent(i, book.side, args.symbolOf)),
    },
    calls: args.calls.map((c) => ({ to: c.to, value: c.value, data: c.data, operation: c.operation })),
    margin: {
      before: marginFigures(before.accountValue, before.maintenanceRequirement),
      expectedAfter: expectedMarginAfter(before, plan.intents, args.maintenanceRatioPpm),
      maintenanceRatioPpm: args.maintenanceRatioPpm,
    },
  };
}
