import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import type { Plan } from "../strategy/runStrategy.ts";
import type { EmergencyActionId } from "./EmergencyStatus.ts";
import type { PlanFacts } from "./PlanFacts.ts";

/** Propose `plan` to the signers (a Safe transaction at the current nonce), built on `builtOn`. */
export type ProposeAction = { kind: "propose"; plan: Plan; builtOn: PlanFacts };

/** Why an open proposal is withdrawn. */
export type SupersedeCause = "policy" | "nonce" | "position" | "hedge" | "layer" | "replaced";

/** Withdraw an open proposal: it no longer applies. */
export type SupersedeAction = { kind: "supersede"; proposalId: string; cause: SupersedeCause; reason: string };

/**
 * Protect through the EmergencyModule: `protect(book, action, amount)`, already clamped to the module's
 * limits. `done` is the sub-plan the module carries out (recorded as executed); `remainder` what the plan
 * still wants from the signers once the module has acted (reconciled again by `afterProtect`).
 */
export type ProtectAction = {
  kind: "protect";
  action: EmergencyActionId;
  amount: bigint;
  intent: HedgeIntent;
  done: Plan;
  remainder: Plan | undefined;
};

export type SkipCode = "stale" | "pending" | "module-unused" | "module-reverted" | "no-plan";

/** Nothing (more) is done for the book, and why. */
export type SkipAction = { kind: "skip"; code: SkipCode; reason: string; proposalId?: string };

/** What the reconcile stage decides for one book; executors carry them out in list order. */
export type Action = ProposeAction | SupersedeAction | ProtectAction | SkipAction;
