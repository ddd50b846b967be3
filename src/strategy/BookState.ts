import type { HedgeState } from "../planner/HedgeState.ts";
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
  /** When the planner last ran for the book, and the hedge state it saw then. */
  lastPlannedAt: number | undefined;
  plannedHedge: HedgeState | undefined;
  /** `planKey` of the last non-empty plan. */
  lastPlanKey: string | undefined;
};
