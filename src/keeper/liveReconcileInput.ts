import type { HedgeState } from "../planner/HedgeState.ts";
import type { EmergencyStatus } from "../reconcile/EmergencyStatus.ts";
import type { OpenProposal } from "../reconcile/OpenProposal.ts";
import type { ReconcileInput } from "../reconcile/reconcileBook.ts";
import type { ProposalRecord } from "../store/types.ts";
import type { Decision } from "../strategy/Decision.ts";
import type { Plan } from "../strategy/runStrategy.ts";
import type { AccountState } from "../venues/Venue.ts";

/** A stored proposal as reconcile sees it. */
export function openProposalOf(r: ProposalRecord): OpenProposal {
  return {
    id: r.id,
    layer: r.layer,
    policyVersion: r.policyVersion,
    planKey: r.planKey,
    safeNonce: r.safeNonce,
    builtOn: r.builtOn,
  };
}

/** The reconcile input from what the live collectors read (pure: the table test feeds it fakes). */
export function liveReconcileInput(a: {
  book: { id: string; market: string };
  decision: Decision;
  plan: Plan | undefined;
  /** The book's open proposals from the store. */
  open: readonly ProposalRecord[];
  account: AccountState | undefined;
  hedge: HedgeState;
  safeNonce: number;
  policyVersion: number;
  /** The module's status (read for Layer-3 plans when a module is configured) and the policy's Layer-3 share. */
  module: { status: EmergencyStatus; hedgeRatioPpm: number } | undefined;
  stale: readonly string[];
  nowMs: number;
}): ReconcileInput {
  const position = a.account?.positions.find((p) => p.market.toLowerCase() === a.book.market.toLowerCase());
  return {
    bookId: a.book.id,
    decision: a.decision,
    plan: a.plan,
    open: a.open.map(openProposalOf),
    facts: {
      positionSize: position?.size ?? 0n,
      hedge: a.hedge,
      safeNonce: a.safeNonce,
      policyVersion: a.policyVersion,
    },
    exposure: position?.notional ?? 0n,
    module: a.module,
    stale: a.stale,
    nowSec: BigInt(Math.floor(a.nowMs / 1000)),
  };
}
