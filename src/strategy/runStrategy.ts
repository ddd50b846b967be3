import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import { sameHedge } from "../planner/HedgeState.ts";
import { type PlanOptions, planHedge } from "../planner/planHedge.ts";
import { canonicalPlan, planKey } from "../planner/planKey.ts";
import type { Policy } from "../policy/Policy.ts";
import type { BookSnapshot, PolicyVersion } from "./BookSnapshot.ts";
import type { BookState } from "./BookState.ts";
import type { Clock } from "./Clock.ts";
import type { Decision } from "./Decision.ts";
import { type EvaluateOptions, evaluateBook } from "./evaluateBook.ts";
import type { LayerIndex, Reason } from "./Reason.ts";
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
  /** `canonicalPlan(bookId, policyVersion, layer, intents)` and its keccak256. */
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
  /** Next state of every book that has one (unchanged states are the same objects). */
  states: Map<string, BookState>;
};

/**
 * Whether the planner must run: always on a layer change; otherwise only when the hedge state read from the
 * chain changed since the last planning, or a cooldown period has passed since it (re-plan at most once per
 * cooldown at a constant layer — this keeps bigint planning off the per-bar hot path).
 */
function needsPlanning(d: Decision, book: BookSnapshot, prev: BookState | undefined, cooldownMs: number): boolean {
  if (prev === undefined || prev.lastPlannedAt === undefined || prev.plannedHedge === undefined) return true;
  if (d.layer !== prev.layer) return true;
  if (!sameHedge(book.hedge, prev.plannedHedge)) return true;
  return d.time - prev.lastPlannedAt >= cooldownMs;
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
  const next = new Map(states);
  for (const book of snapshot.books) {
    const prev = states.get(book.bookId);
    const entry = policies.get(book.bookId);
    if (entry === undefined || entry.version !== book.policyVersion) {
      decisions.push(policyMismatch(book, entry, prev, clock.now()));
      continue;
    }
    const d = evaluateBook(snapshot, book, entry.policy, prev, clock, opts);
    decisions.push(d);
    if (d.status !== "act") continue;

    if (!needsPlanning(d, book, prev, entry.policy.settings.cooldown * 1000)) continue;
    const planOpts = typeof opts?.plan === "function" ? opts.plan(book) : opts?.plan;
    const intents = planHedge(d, book, entry.policy, book.hedge, planOpts);
    let key: string | undefined = prev?.lastPlanKey;
    if (intents.length > 0) {
      const canonical = canonicalPlan(book.bookId, book.policyVersion, d.layer, intents);
      const k = planKey(book.bookId, book.policyVersion, d.layer, intents);
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
    next.set(book.bookId, {
      layer: d.layer,
      layerSince: prev !== undefined && prev.layer === d.layer ? prev.layerSince : d.time,
      lastActionAt: intents.length > 0 ? d.time : prev?.lastActionAt,
      lastPlannedAt: d.time,
      plannedHedge: book.hedge,
      lastPlanKey: key,
    });
  }
  return { decisions, plans, states: next };
}
