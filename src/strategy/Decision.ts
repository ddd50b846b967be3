import type { PolicyVersion, Side } from "./BookSnapshot.ts";
import type { LayerIndex, Reason } from "./Reason.ts";

/**
 * - `act`: the planner may plan for `layer`.
 * - `cooldown`: within `cooldown` of the last action and not escalating → no new plan.
 * - `paused`, `stale`, `policy` (policy missing or version mismatch): skipped, nothing planned.
 */
export type DecisionStatus = "act" | "cooldown" | "paused" | "stale" | "policy";

export type Decision = {
  bookId: string;
  side: Side;
  market: string;
  /** Clock time of the evaluation (ms). */
  time: number;
  /** Oldest input time (min of the market's last bar close and the book's read time, ms); NaN if unknown. */
  dataTime: number;
  status: DecisionStatus;
  /** Active layer after hysteresis (skipped decisions keep the previous layer). */
  layer: LayerIndex;
  previousLayer: LayerIndex;
  /** The active layer fires only with the hysteresis-relaxed thresholds (it is held, not re-entered). */
  held: boolean;
  escalating: boolean;
  /** The market's warm-up is done (otherwise only margin-buffer triggers count). */
  warm: boolean;
  marginBufferPpm: number;
  policyVersion: PolicyVersion;
  policyHash: string;
  /**
   * Evidence: every comparison of every layer (value, threshold, op, fired), plus status reasons. Built when
   * `explain` is on (default), when the layer changes, or when the book is skipped; otherwise empty.
   */
  reasons: readonly Reason[];
  /** The book's reference buffer (ppm) the margin triggers were scaled from (`referenceScale`): the state's, or
   *  on a first evaluation the effective buffer then; `undefined` when unknown (a skipped first evaluation). */
  referenceBufferPpm?: number | undefined;
};
