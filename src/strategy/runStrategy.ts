import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import { sameHedge } from "../planner/HedgeState.ts";
import { type PlanOptions, planHedge } from "../planner/planHedge.ts";
import { canonicalPlan, planKeyOf } from "../planner/planKey.ts";
import type { Policy } from "../policy/Policy.ts";
import type { BookSnapshot, PolicyVersion } from "./BookSnapshot.ts";
import type { BookState } from "./BookState.ts";
import type { Clock } from "./Clock.ts";
import type { Decision } from "./Decision.ts";
import { type EvaluateOptions, evaluateBook } from "./evaluateBook.ts";
import type { LayerIndex, Reason } from "./Reason.ts";
import { referenceScale } from "./referenceScale.ts";
import type { Snapshot } from "./Snapshot.ts";

/** A book's policy as read from the registry. */
export type PolicyEntry = { policy: Policy; version: PolicyVersion; hash: string };

/** A non-empty set of intents for one book, with its deterministic identity. */
export type Plan = {
  bookId: string;
  layer: LayerIndex;
  previousLayer: LayerIndex;
  policyVersion: PolicyVersion;
  policyHash: string;
  /** Clock time the plan was made (ms). */
  time: number;
  intents: readonly HedgeIntent[];
  /** `canonicalPlan(bookId, policyVersion, layer, intents)` and its sha256 (`planKey`). */
  canonical: string;
  key: `0x${string}`;
};

export type StrategyOptions = EvaluateOptions & {
  /** Planner options for every book, or per book id. */
  plan?: PlanOptions | ((book: BookSnapshot) => PlanOptions) | undefined;
};

export type StrategyResult = {
  decisions: Decision[];
  plans: Plan[];
  /** Next state of every book that has one. Copy-on-write: the input map itself when nothing changed;
   *  unchanged states are the same objects. */
  states: ReadonlyMap<string, BookState>;
};

/** At a constant layer, a margin buffer this much lower than at the last planning triggers a re-plan (ppm). */
export const REPLAN_BUFFER_DROP_PPM = 10_000;

/**
 * Whether the planner must run for an `act` decision. Always on the first decision and on a layer change;
 * at a constant layer only when the hedge state read from the chain changed (e.g. a proposal executed), the
 * policy version changed, or the margin buffer fell by ≥ REPLAN_BUFFER_DROP_PPM since the last planning
 * (more margin may be due). Otherwise the previous plan stands — this keeps bigint planning off the
 * per-bar hot path. Drift of the position's notional with the price alone does not re-size the hedge.
 */
function needsPlanning(d: Decision, book: BookSnapshot, prev: BookState | undefined): boolean {
  if (prev === undefined || prev.lastPlannedAt === undefined || prev.plannedHedge === undefined) return true;
  if (d.layer !== prev.layer) return true;
  if (prev.plannedPolicyVersion !== book.policyVersion) return true;
  if (!sameHedge(book.hedge, prev.plannedHedge)) return true;
  return book.marginBufferPpm <= (prev.plannedBufferPpm ?? Number.POSITIVE_INFINITY) - REPLAN_BUFFER_DROP_PPM;
}

function policyMismatch(
  book: BookSnapshot,
  entry: PolicyEntry | undefined,
  prev: BookState | undefined,
  now: number,
): Decision {
  const layer = prev?.layer ?? 0;
  const r: Reason = {
    kind: "policy",
    layer: 0,
    signal: "POLICY",
    value: Number(book.policyVersion),
    threshold: entry === undefined ? Number.NaN : Number(entry.version),
    op: "!=",
    fired: true,
    relaxed: false,
    unit: "version",
  };
  return {
    bookId: book.bookId,
    side: book.side,
    market: book.market,
    time: now,
    dataTime: book.dataTime,
    status: "policy",
    layer,
    previousLayer: layer,
    held: false,
    escalating: false,
    warm: false,
    marginBufferPpm: book.marginBufferPpm,
    policyVersion: book.policyVersion,
    policyHash: book.policyHash,
    reasons: [r],
  };
}

/** A mutable copy of `states` (a set loop: about twice as fast as `new Map(iterable)` on small maps). */
function copyStates(states: ReadonlyMap<string, BookState>): Map<string, BookState> {
  const m = new Map<string, BookState>();
  for (const [k, v] of states) m.set(k, v);
  return m;
}

/**
 * One strategy step for every book of the snapshot: evaluate (`evaluateBook`), plan (`planHedge`) and advance
 * each book's state. The live keeper and the backtester both call exactly this. Pure: no I/O; `clock` and
 * the inputs fully determine the output. A book whose policy entry is missing or whose snapshot carries
 * another policy version is skipped (status `policy`).
 */
export function runStrategy(
  snapshot: Snapshot,
  policies: ReadonlyMap<string, PolicyEntry>,
  states: ReadonlyMap<string, BookState>,
  clock: Clock,
  opts?: StrategyOptions,
): StrategyResult {
  const decisions: Decision[] = [];
  const plans: Plan[] = [];
  let next: Map<string, BookState> | undefined;
  for (const book of snapshot.books) {
    const prev = states.get(book.bookId);
    const entry = policies.get(book.bookId);
    if (entry === undefined || entry.version !== book.policyVersion) {
      decisions.push(policyMismatch(book, entry, prev, clock.now()));
      continue;
    }
    const d = evaluateBook(snapshot, book, entry.policy, prev, clock, opts);
    decisions.push(d);
    if (prev !== undefined && prev.referenceBufferPpm !== undefined && d.referenceBufferPpm === undefined) {
      // the book went flat: its reference is dropped now, planned or not (the next position anchors its own)
      next ??= copyStates(states);
      next.set(book.bookId, { ...prev, referenceBufferPpm: undefined });
    }
    if (d.status !== "act") continue;

    if (!needsPlanning(d, book, prev)) continue;
    const given = typeof opts?.plan === "function" ? opts.plan(book) : opts?.plan;
    // The planner sizes with the buffer levels the decision used (the book's reference scale).
    const s = referenceScale(entry.policy.settings.referenceBufferPpm, d.referenceBufferPpm ?? Number.NaN);
    const planOpts = s === 1 ? given : { ...given, referenceScale: s };
    const intents = planHedge(d, book, entry.policy, book.hedge, planOpts);
    let key: string | undefined = prev?.lastPlanKey;
    if (intents.length > 0) {
      const canonical = canonicalPlan(book.bookId, book.policyVersion, d.layer, intents);
      const k = planKeyOf(canonical);
      key = k;
      plans.push({
        bookId: book.bookId,
        layer: d.layer,
        previousLayer: d.previousLayer,
        policyVersion: book.policyVersion,
        policyHash: book.policyHash,
        time: d.time,
        intents,
        canonical,
        key: k,
      });
    }
    next ??= copyStates(states);
    next.set(book.bookId, {
      layer: d.layer,
      layerSince: prev !== undefined && prev.layer === d.layer ? prev.layerSince : d.time,
      lastActionAt: intents.length > 0 ? d.time : prev?.lastActionAt,
      lastPlannedAt: d.time,
      plannedHedge: book.hedge,
      plannedBufferPpm: book.marginBufferPpm,
      plannedPolicyVersion: book.policyVersion,
      lastPlanKey: key,
      referenceBufferPpm: d.referenceBufferPpm,
    });
  }
  return { decisions, plans, states: next ?? states };
}
