import { defaultEmergencyModuleParams, type EmergencyModuleParams } from "../../deploy/EmergencyModuleParams.ts";
import { toFloat, toUnits } from "../../signals/toFloat.ts";
import type { Bars } from "../data/Bars.ts";
import { barIndexAtOrAfter } from "../data/Bars.ts";

/** The EmergencyModule's governed parameters in the backtest (seconds; caps in quote units). */
export type ModuleSettings = {
  cooldown: number;
  period: number;
  periodMarginCap: number;
  periodReduceCap: number;
};

/** How decisions become fills (see docs/backtest-execution.md). */
export type ExecutionModel = {
  /** Signer approval delay of a proposal (ms): it executes at the first bar opening at or after decision + delay. */
  approvalDelayMs: number;
  /**
   * Whether Layer 3 may go through the EmergencyModule (no signatures, bounded by the module's rules); false:
   * every layer waits for the signers.
   */
  emergencyImmediate: boolean;
  /**
   * Reaction time of whoever watches a trigger inside a bar (the keeper's poll and its transaction, the
   * stop-loss baseline's order): the fill is the bar's path price this long after the trigger is reached.
   */
  reactionLatencyMs?: number;
  /** The module's parameters (default: the deployment's, `defaultEmergencyModuleParams`). */
  module?: ModuleSettings;
};

/** The deployment's module defaults (`deploy/deployGuard.ts`), in quote units. */
export const DEFAULT_MODULE: ModuleSettings = moduleSettingsOf(defaultEmergencyModuleParams());

/** 2 s keeper poll + the `protect` transaction's inclusion, rounded up. */
export const DEFAULT_REACTION_LATENCY_MS = 15_000;

export const DEFAULT_EXECUTION: ExecutionModel = {
  approvalDelayMs: 30 * 60_000,
  emergencyImmediate: true,
  reactionLatencyMs: DEFAULT_REACTION_LATENCY_MS,
  module: DEFAULT_MODULE,
};

/** The model with every optional field filled in. */
export function fullExecution(model: ExecutionModel): Required<ExecutionModel> {
  return {
    approvalDelayMs: model.approvalDelayMs,
    emergencyImmediate: model.emergencyImmediate,
    reactionLatencyMs: model.reactionLatencyMs ?? DEFAULT_REACTION_LATENCY_MS,
    module: model.module ?? DEFAULT_MODULE,
  };
}

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

/** Module parameters in quote units (the backtest's JSON), from the contract's 18-decimal ones. */
export function moduleSettingsOf(p: EmergencyModuleParams): ModuleSettings {
  return {
    cooldown: p.cooldown,
    period: p.period,
    periodMarginCap: toFloat(p.periodMarginCap),
    periodReduceCap: toFloat(p.periodReduceCap),
  };
}

/** The contract's parameters (18 decimals) from the backtest's quote-unit settings. */
export function moduleParamsOf(s: ModuleSettings): EmergencyModuleParams {
  return {
    // Issue 11's parameters (minimum effect, keeper grace, price tolerance): the deployment's defaults.
    ...defaultEmergencyModuleParams(),
    cooldown: s.cooldown,
    period: s.period,
    periodMarginCap: toUnits(s.periodMarginCap),
    periodReduceCap: toUnits(s.periodReduceCap),
  };
}
