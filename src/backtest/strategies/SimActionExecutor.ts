import type { HedgeIntent } from "../../planner/HedgeIntent.ts";
import { type HedgeState, NO_HEDGE } from "../../planner/HedgeState.ts";
import type { Action, ProtectAction } from "../../reconcile/Action.ts";
import type { OpenProposal } from "../../reconcile/OpenProposal.ts";
import type { PlanFacts } from "../../reconcile/PlanFacts.ts";
import { afterProtect, type ModuleView, type ReconcileInput, reconcileBook } from "../../reconcile/reconcileBook.ts";
import { toFloat, toUnits } from "../../signals/toFloat.ts";
import type { Decision } from "../../strategy/Decision.ts";
import type { Plan } from "../../strategy/runStrategy.ts";
import { applyIntents } from "../../tracker/hedgeLedger.ts";
import type { BookView, ProtectResult, SimAction } from "../BacktestStrategy.ts";
import { moduleFactsAt } from "../sim/fills.ts";
import type { Held } from "./alvhSnapshots.ts";
import { heldAfter, NOTHING_HELD } from "./heldAfter.ts";

type Record = OpenProposal & { intents: readonly HedgeIntent[]; price: number; superseded: boolean };

/**
 * The backtester's side of the action layer for one book: builds the shared `reconcileBook` input from the
 * simulated book (its proposals with the signers, the venue facts, the simulated module's status), and turns
 * the typed actions into the simulator's executors' calls. The hedge the strategy sees changes only when the
 * simulator reports an execution, as the keeper reads it from the chain; the cooldown counts executions only.
 */
export class SimActionExecutor {
  readonly #bookId: string;
  /** The registry's policy version for the book (the backtest runs one). */
  policyVersion: number;
  readonly #hedgeRatioPpm: number;
  /** Executed hedge in the adapter's terms (for snapshots) and as the hedge ledger (for plan facts). */
  held: Held = NOTHING_HELD;
  ledger: HedgeState = NO_HEDGE;
  /** Time of the last executed action (proposal or module), ms. */
  lastExecutedAt: number | undefined;
  readonly #records = new Map<string, Record>();
  readonly #protects = new Map<string, { action: ProtectAction; input: ReconcileInput }>();
  #seq = 0;
  /** Every action reconcile returned, when tracing (tests compare them with the live path's). */
  readonly trace: Action[][] | undefined;

  constructor(bookId: string, policyVersion: number, hedgeRatioPpm: number, trace = false) {
    this.#bookId = bookId;
    this.policyVersion = policyVersion;
    this.#hedgeRatioPpm = hedgeRatioPpm;
    this.trace = trace ? [] : undefined;
  }

  /** The book's proposals still open with the simulated signers (superseded ones excluded). */
  open(view: BookView): OpenProposal[] {
    const out: OpenProposal[] = [];
    for (const p of view.proposals) {
      const r = this.#records.get(p.id);
      if (r && !r.superseded) out.push(r);
    }
    return out;
  }

  facts(view: BookView): PlanFacts {
    return {
      positionSize: toUnits(view.account.size),
      hedge: this.ledger,
      safeNonce: view.safeNonce,
      policyVersion: this.policyVersion,
    };
  }

  input(view: BookView, decision: ReconcileInput["decision"], plan: Plan | undefined): ReconcileInput {
    return {
      bookId: this.#bookId,
      decision,
      plan,
      open: this.open(view),
      facts: this.facts(view),
      exposure: toUnits(Math.abs(view.account.size) * view.close),
      module: this.#module(view),
      stale: [],
      nowSec: BigInt(Math.floor(view.timeMs / 1000)),
    };
  }

  /** Reconciles one strategy step and returns the simulator's calls (nothing when there is nothing to do). */
  step(view: BookView, decision: Decision, plan: Plan | undefined): readonly SimAction[] {
    if (plan === undefined && (decision.status !== "act" || decision.layer === decision.previousLayer)) {
      // Only the facts rule could act: skip the bigint work when no proposal is open.
      if (!view.proposals.some((p) => this.#records.get(p.id)?.superseded === false)) return NO_ACTIONS;
    }
    const input = this.input(view, decision, plan);
    return this.#run(input, reconcileBook(input), view);
  }

  /** The simulated module answered a `protect`: reconcile the plan's remainder on the facts after it. */
  protected(id: string, result: ProtectResult, view: BookView): readonly SimAction[] {
    const p = this.#protects.get(id);
    this.#protects.delete(id);
    if (p === undefined) return NO_ACTIONS;
    if (result.ok) {
      const intent: HedgeIntent =
        p.action.intent.kind === "reduce" ? { ...p.action.intent, notional: result.counted } : p.action.intent;
      this.held = heldAfter(this.held, [intent], result.price);
      this.ledger = applyIntents(this.ledger, [intent]);
      this.lastExecutedAt = view.timeMs;
    }
    const now = this.input(view, p.input.decision, p.input.plan);
    const outcome = result.ok
      ? ({ ok: true, after: now.facts } as const)
      : ({ ok: false, reason: result.revert.error } as const);
    return this.#run(now, afterProtect(now, [p.action], outcome), view);
  }

  /** The simulator executed proposal `id` (even one reconcile superseded: the signers had signed it). */
  executed(id: string, timeMs: number): void {
    const r = this.#records.get(id);
    if (r === undefined) return;
    this.#records.delete(id);
    this.held = heldAfter(this.held, r.intents, r.price);
    this.ledger = applyIntents(this.ledger, r.intents);
    this.lastExecutedAt = timeMs;
  }

  #module(view: BookView): ModuleView | undefined {
    const m = view.module;
    if (m === undefined) return undefined;
    const facts = moduleFactsAt(view.account, view.close, view.reserve);
    return { status: m.status(facts, BigInt(Math.floor(view.timeMs / 1000))), hedgeRatioPpm: this.#hedgeRatioPpm };
  }

  #run(input: ReconcileInput, actions: Action[], view: BookView): SimAction[] {
    this.trace?.push(actions);
    const out: SimAction[] = [];
    for (const a of actions) {
      if (a.kind === "supersede") {
        const r = this.#records.get(a.proposalId);
        if (r) r.superseded = true;
        out.push({ kind: "withdraw", id: a.proposalId });
      } else if (a.kind === "protect") {
        const id = `module-${++this.#seq}`;
        this.#protects.set(id, { action: a, input });
        out.push({ kind: "protect", id, action: a.action, amount: a.amount });
      } else if (a.kind === "propose") {
        const id = `${a.builtOn.safeNonce}/${a.plan.key}`;
        const after = heldAfter(this.held, a.plan.intents, view.close);
        this.#records.set(id, {
          id,
          layer: a.plan.layer,
          policyVersion: Number(a.plan.policyVersion),
          planKey: a.plan.key,
          safeNonce: a.builtOn.safeNonce,
          builtOn: a.builtOn,
          intents: a.plan.intents,
          price: view.close,
          superseded: false,
        });
        out.push({
          kind: "propose",
          id,
          hedgeDelta: after.reducedBase + after.offsetBase - (this.held.reducedBase + this.held.offsetBase),
          marginDelta: toFloat(after.addedMargin - this.held.addedMargin),
        });
      }
    }
    return out;
  }
}

const NO_ACTIONS: readonly SimAction[] = [];
