import type { ProposalDraft, ProposeOutcome } from "../proposer/Proposer.ts";
import type { Action, ProtectAction } from "../reconcile/Action.ts";
import type { PlanFacts } from "../reconcile/PlanFacts.ts";
import { afterProtect, type ReconcileInput } from "../reconcile/reconcileBook.ts";
import type { ProposalRecord } from "../store/types.ts";
import type { Plan } from "../strategy/runStrategy.ts";
import { applyIntents } from "../tracker/hedgeLedger.ts";
import type { ModuleExecutor, ModuleReceipt } from "./ModuleExecutor.ts";
import type { ProposalExecutor } from "./ProposalExecutor.ts";

/** What the executors did for one book this tick. */
export type BookExecution = {
  /** Every action carried out, in order (the module's follow-ups included). */
  actions: Action[];
  outcome: ProposeOutcome | undefined;
  /** The executed module action, recorded; undefined if none. */
  emergency: ProposalRecord | undefined;
  /** Why the module was not used or refused (empty otherwise). */
  emergencyReasons: string[];
  superseded: string[];
};

export type ExecuteBookActions = {
  input: ReconcileInput;
  actions: readonly Action[];
  proposals: ProposalExecutor;
  module: ModuleExecutor | undefined;
  /** Builds the Safe proposal for a plan (venue calls and evidence). */
  draft: (plan: Plan, builtOn: PlanFacts) => Promise<ProposalDraft>;
  /** Records an executed module action. */
  recordModule: (protect: ProtectAction, receipt: Extract<ModuleReceipt, { ok: true }>) => ProposalRecord;
};

/**
 * Carries out one book's reconcile actions with the live executors, in order: withdrawals, then the module's
 * `protect` (its answer decides the follow-up: `afterProtect` on the facts after it, or nothing on a revert),
 * then the proposal. Errors of the proposer propagate (the keeper counts them per stage).
 */
export async function executeBookActions(x: ExecuteBookActions): Promise<BookExecution> {
  const out: BookExecution = {
    actions: [],
    outcome: undefined,
    emergency: undefined,
    emergencyReasons: [],
    superseded: [],
  };
  await run(x, x.actions, out);
  return out;
}

async function run(x: ExecuteBookActions, actions: readonly Action[], out: BookExecution): Promise<void> {
  for (const a of actions) {
    out.actions.push(a);
    if (a.kind === "supersede") {
      if (x.proposals.withdraw(a.proposalId, a.reason)) out.superseded.push(a.proposalId);
    } else if (a.kind === "skip") {
      if (a.code === "module-unused" || a.code === "module-reverted") out.emergencyReasons.push(a.reason);
    } else if (a.kind === "propose") {
      out.outcome = await x.proposals.propose(await x.draft(a.plan, a.builtOn));
      out.superseded.push(...out.outcome.superseded.map((p) => p.id));
    } else {
      const receipt = x.module
        ? await x.module
            .protect({ bookId: BigInt(x.input.bookId), action: a.action, amount: a.amount })
            .catch((error: unknown): ModuleReceipt => ({ ok: false, reason: `send failed: ${String(error)}` }))
        : ({ ok: false, reason: "no EmergencyModule configured" } as const);
      if (receipt.ok) {
        out.emergency = x.recordModule(a, receipt);
        const intent = a.intent.kind === "reduce" ? { ...a.intent, notional: receipt.counted } : a.intent;
        const after: PlanFacts = {
          ...x.input.facts,
          positionSize: receipt.positionSizeAfter,
          hedge: applyIntents(x.input.facts.hedge, [intent]),
        };
        await run(x, afterProtect(x.input, actions, { ok: true, after }), out);
      } else await run(x, afterProtect(x.input, actions, { ok: false, reason: receipt.reason }), out);
      return; // the follow-up replaced whatever came after the protect
    }
  }
}
