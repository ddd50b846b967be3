import type { Decision } from "../strategy/Decision.ts";
import type { Plan } from "../strategy/runStrategy.ts";
import type { Action, SupersedeAction } from "./Action.ts";
import type { EmergencyStatus } from "./EmergencyStatus.ts";
import { reduceShare } from "./moduleRules.ts";
import type { OpenProposal } from "./OpenProposal.ts";
import { factsChange, type PlanFacts } from "./PlanFacts.ts";
import { routeLayer3 } from "./routeLayer3.ts";
import { subPlan } from "./subPlan.ts";

/** The book's EmergencyModule as reconcile sees it: its status now and the per-action share of a cut. */
export type ModuleView = { status: EmergencyStatus; hedgeRatioPpm: number };

/** Everything reconcile needs for one book (pure data: the live keeper and the backtester build the same). */
export type ReconcileInput = {
  bookId: string;
  decision: Pick<Decision, "status" | "layer" | "previousLayer">;
  plan: Plan | undefined;
  /** The book's open proposals. */
  open: readonly OpenProposal[];
  /** The venue facts now (a new proposal is built on them). */
  facts: PlanFacts;
  /** |position| at the mark (18 decimals): the module's per-action cut is a share of it. */
  exposure: bigint;
  /** undefined: no module for the book (or Layer 3 goes to the signers). */
  module: ModuleView | undefined;
  /** Why the inputs are too old to act on (empty: fresh). */
  stale: readonly string[];
  nowSec: bigint;
};

/**
 * The action stage, pure: (strategy result, open proposals, venue facts, module status, freshness) → actions.
 * 1. Stale inputs → skip; nothing else is done on data that may be wrong.
 * 2. An open proposal whose facts changed (policy version, Safe nonce used elsewhere, position, hedge state)
 *    is superseded with the reason.
 * 3. An `act` decision that changed layer with no plan supersedes what is still open (it no longer applies).
 * 4. A Layer-3 plan sends its first add-margin/reduce intent through the module, clamped to the module's
 *    remaining caps, idle balance and per-action share (`protect`); the rest is reconciled after the module
 *    answered (`afterProtect`).
 * 5. A plan whose layer already has an open proposal under the same policy is left pending (no churn);
 *    otherwise the other open proposals are superseded and the plan is proposed.
 * The cooldown counts only executed actions (`cooldownFromExecutions`), never this output.
 */
export function reconcileBook(input: ReconcileInput): Action[] {
  const { decision: d, plan, facts } = input;
  if (input.stale.length > 0 || d.status === "stale") {
    const reason = input.stale.length > 0 ? input.stale.join("; ") : "strategy reported stale inputs";
    return [{ kind: "skip", code: "stale", reason: `stale data: not acting (${reason})` }];
  }
  const out: Action[] = [];
  const survivors: OpenProposal[] = [];
  for (const p of input.open) {
    const built: PlanFacts = p.builtOn ?? { ...facts, policyVersion: p.policyVersion, safeNonce: p.safeNonce };
    const change = factsChange(built, facts);
    if (change) out.push(supersede(p, change.cause, change.reason));
    else survivors.push(p);
  }
  if (plan === undefined) {
    if (d.status === "act" && d.layer !== d.previousLayer) {
      const reason = `layer changed ${d.previousLayer} -> ${d.layer}; the pending plan no longer applies`;
      for (const p of survivors) out.push(supersede(p, "layer", reason));
    }
    if (out.length === 0)
      out.push({ kind: "skip", code: "no-plan", reason: `no plan (${d.status}, layer ${d.layer})` });
    return out;
  }
  if (plan.layer === 3 && input.module) {
    const reduceCap = reduceShare(input.exposure, input.module.hedgeRatioPpm);
    const route = routeLayer3(input.module.status, input.nowSec, plan.intents, reduceCap);
    const call = route.emergency;
    if (call) {
      out.push({
        kind: "protect",
        action: call.action,
        amount: call.amount,
        intent: call.intent,
        done: subPlan(plan, [call.intent]) as Plan,
        remainder: subPlan(plan, route.viaProposal),
      });
      return out;
    }
    out.push({ kind: "skip", code: "module-unused", reason: `EmergencyModule not used: ${route.reasons.join("; ")}` });
  }
  proposeOrKeep(plan, survivors, facts, out);
  return out;
}

/**
 * After the module answered a `protect` of `first` (the output of `reconcileBook(input)`): on success the plan's
 * remainder is reconciled against the facts after the action (`after`); on a revert nothing more is done this
 * tick (the revert says the facts the plan was built on are gone, e.g. another keeper acted first).
 */
export function afterProtect(
  input: ReconcileInput,
  first: readonly Action[],
  outcome: { ok: true; after: PlanFacts } | { ok: false; reason: string },
): Action[] {
  if (!outcome.ok)
    return [
      {
        kind: "skip",
        code: "module-reverted",
        reason: `EmergencyModule reverted (${outcome.reason}); nothing proposed`,
      },
    ];
  const protect = first.find((a) => a.kind === "protect");
  const gone = new Set(first.flatMap((a) => (a.kind === "supersede" ? [a.proposalId] : [])));
  const next = reconcileBook({
    ...input,
    plan: protect?.kind === "protect" ? protect.remainder : undefined,
    open: input.open.filter((p) => !gone.has(p.id)),
    facts: outcome.after,
    module: undefined,
  });
  return next.filter((a) => !(a.kind === "skip" && a.code === "no-plan"));
}

function proposeOrKeep(plan: Plan, survivors: readonly OpenProposal[], facts: PlanFacts, out: Action[]): void {
  const pending = survivors.find((p) => p.layer === plan.layer && p.policyVersion === facts.policyVersion);
  if (pending) {
    out.push({
      kind: "skip",
      code: "pending",
      reason: `proposal ${pending.id} for layer ${plan.layer} is with the signers; not replacing it`,
      proposalId: pending.id,
    });
    return;
  }
  for (const p of survivors)
    out.push(supersede(p, "replaced", `replaced by a newer plan (layer ${p.layer} -> ${plan.layer}, ${plan.key})`));
  out.push({ kind: "propose", plan, builtOn: facts });
}

function supersede(p: OpenProposal, cause: SupersedeAction["cause"], reason: string): SupersedeAction {
  return { kind: "supersede", proposalId: p.id, cause, reason };
}
