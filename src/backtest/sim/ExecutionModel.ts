import type { Bars } from "../data/Bars.ts";
import { barIndexAtOrAfter } from "../data/Bars.ts";

/** When decisions made at a bar's close may execute. */
export type ExecutionModel = {
  /** Signer approval delay of a proposal (ms): it executes at the first bar opening at or after close + delay. */
  approvalDelayMs: number;
  /** Whether the emergency Layer-3 path executes at the very next bar's open instead of waiting for signers. */
  emergencyImmediate: boolean;
};

export const DEFAULT_EXECUTION: ExecutionModel = { approvalDelayMs: 30 * 60_000, emergencyImmediate: true };

/**
 * Index of the bar at whose open a decision taken at `decisionMs` (a bar's close) executes, or
 * `bars.length` when the data ends first. Never the bar in which the decision was taken: fills happen at
 * an open the strategy could not have traded before, at that price ± slippage.
 */
export function executionBar(bars: Bars, decisionMs: number, urgent: boolean, model: ExecutionModel): number {
  return barIndexAtOrAfter(bars, decisionMs + approvalDelay(urgent, model));
}

/** The delay before a decision may execute: 0 on the emergency path (when enabled), else the approval delay. */
export function approvalDelay(urgent: boolean, model: ExecutionModel): number {
  return urgent && model.emergencyImmediate ? 0 : model.approvalDelayMs;
}

/** Parses durations like `30m`, `2h`, `90s`, `0` into milliseconds (NaN when malformed or unit-less ≠ 0). */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m || (m[2] === undefined && Number(m[1]) !== 0)) return Number.NaN;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? "s") as "ms"];
  return Number(m[1]) * unit;
}
