import type { HedgeState } from "../planner/HedgeState.ts";
import type { PolicyVersion } from "./BookSnapshot.ts";
import type { LayerIndex } from "./Reason.ts";

/**
 * What the strategy remembers about a book between steps (the keeper persists it; the backtester keeps it
 * in memory). Plain data; times in ms.
 */
export type BookState = {
  /** The layer the book is in (the last layer acted on; hysteresis and cooldown refer to it). */
  layer: LayerIndex;
  /** When the book entered `layer`. */
  layerSince: number;
  /** When the last non-empty plan was made (cooldown reference). */
  lastActionAt: number | undefined;
  /** When the planner last ran for the book, and what it saw then (hedge state, margin buffer, policy version).
   *  Clear `lastPlannedAt` to force a re-plan at the same layer. */
  lastPlannedAt: number | undefined;
  plannedHedge: HedgeState | undefined;
  plannedBufferPpm: number | undefined;
  plannedPolicyVersion: PolicyVersion | undefined;
  /** `planKey` of the last non-empty plan. */
  lastPlanKey: string | undefined;
  /** The book's reference buffer (ppm): its effective buffer when the strategy first evaluated it — the entry
   *  the policy's `referenceBufferPpm` scales the margin triggers and targets for. Absent in a state saved
   *  before it existed: the next evaluation sets it. */
  referenceBufferPpm?: number | undefined;
};

/** A state that has never planned (e.g. a book restored at a known layer). */
export function newBookState(layer: LayerIndex, since: number): BookState {
  return {
    layer,
    layerSince: since,
    lastActionAt: undefined,
    lastPlannedAt: undefined,
    plannedHedge: undefined,
    plannedBufferPpm: undefined,
    plannedPolicyVersion: undefined,
    lastPlanKey: undefined,
  };
}
