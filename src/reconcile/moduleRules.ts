import type { EmergencyModuleParams } from "../deploy/EmergencyModuleParams.ts";
import { bigMin } from "../planner/bigMin.ts";
import type { Layer } from "../policy/Policy.ts";
import { EmergencyAction, type EmergencyActionId, type EmergencyStatus } from "./EmergencyStatus.ts";

/**
 * The EmergencyModule's rules as a pure model (`contracts/module/EmergencyModule.sol`, `protect` and `status`),
 * check for check and in the contract's order. The backtester's simulated module runs on it; the reconcile
 * stage only ever sees the `EmergencyStatus` it (or the chain's `status()`) returns. A rule change in the
 * contract is an edit here and nowhere else.
 */

const PPM = 1_000_000n;

/** The module's governed parameters (constructor / `setX`). Seconds and 18-decimal amounts. */
export type ModuleParams = EmergencyModuleParams;

/** One recorded module action (`ActionWindow.Entry`): when, margin added, notional cut. */
export type ModuleAction = { at: bigint; margin: bigint; reduce: bigint };

/** The book's last `WINDOW_CAPACITY` actions, oldest first (`ActionWindow.Ledger`). */
export type ModuleUsage = readonly ModuleAction[];

export const UNUSED_MODULE: ModuleUsage = Object.freeze([]) as ModuleUsage;

/** `ActionWindow.CAPACITY`: a further action inside one period is refused (`TooManyActions`). */
export const WINDOW_CAPACITY = 16;

/** `ActionWindow.totals`: sums over the actions of the last `period` seconds, the newest time, the ring full. */
export function windowTotals(
  usage: ModuleUsage,
  period: number,
  now: bigint,
): { margin: bigint; reduce: bigint; lastAt: bigint; full: boolean } {
  let margin = 0n;
  let reduce = 0n;
  let i = 0;
  const last = usage[usage.length - 1];
  for (; i < WINDOW_CAPACITY && i < usage.length; i++) {
    const e = usage[usage.length - 1 - i] as ModuleAction;
    if (e.at + BigInt(period) <= now) break;
    margin += e.margin;
    reduce += e.reduce;
  }
  return { margin, reduce, lastAt: last?.at ?? 0n, full: i === WINDOW_CAPACITY };
}

/** The book's Layer-3 limits the module reads from the registry. */
export type Layer3Limits = Pick<
  Layer,
  "marginBufferPpm" | "hedgeRatioPpm" | "actionMask" | "maxHedgeNotional" | "maxAddMargin"
>;

/** What the module reads from the Safe, the registry and the venue at the moment of the call. */
export type ModuleFacts = {
  moduleEnabled: boolean;
  modulePaused: boolean;
  bookPaused: boolean;
  /** (value − maintenance) / value in ppm, as `MarginBuffer.read` gives it (0 when value ≤ requirement). */
  bufferPpm: bigint;
  /** Signed base size of the book's position. */
  positionSize: bigint;
  /** |position value| at the mark (18 decimals). */
  exposure: bigint;
  /** The Safe's idle settlement-token balance. */
  idleBalance: bigint;
  /** Account value and maintenance requirement (18 decimals): the margin that lifts the book out of Layer 3. */
  accountValue: bigint;
  maintenanceRequirement: bigint;
};

/** A revert of `protect`, named after the contract's custom error. */
export type ModuleRevert = { error: string; args: readonly bigint[] };

export type ProtectOutcome =
  | { ok: true; counted: bigint; fullClose: boolean; usage: ModuleUsage }
  | { ok: false; revert: ModuleRevert };

/** `EmergencyModule.status(bookId)` from the model (the keeper holds KEEPER_ROLE and the Safe approved the book). */
export function moduleStatus(
  params: ModuleParams,
  usage: ModuleUsage,
  l3: Layer3Limits,
  facts: ModuleFacts,
  now: bigint,
): EmergencyStatus {
  const w = windowTotals(usage, params.period, now);
  const threshold = BigInt(l3.marginBufferPpm);
  const inLayer3 = facts.bufferPpm <= threshold;
  return {
    moduleEnabled: facts.moduleEnabled,
    modulePaused: facts.modulePaused,
    bookPaused: facts.bookPaused,
    bufferPpm: facts.bufferPpm,
    thresholdPpm: threshold,
    inLayer3,
    nextAllowedAt: w.lastAt === 0n ? 0n : w.lastAt + BigInt(params.cooldown),
    marginLeft: bigMin(sub0(params.periodMarginCap, w.margin), l3.maxAddMargin),
    reduceLeft: bigMin(sub0(params.periodReduceCap, w.reduce), l3.maxHedgeNotional),
    idleBalance: facts.idleBalance,
    bookApproved: true,
    openToAnyoneAt: 0n,
    marginNeeded: inLayer3 ? marginNeeded(facts, l3.marginBufferPpm) : 0n,
  };
}

/** `_marginNeeded`: margin that lifts the buffer above `threshold` (value' > requirement / (1 − threshold)). */
export function marginNeeded(
  facts: Pick<ModuleFacts, "accountValue" | "maintenanceRequirement">,
  threshold: number,
): bigint {
  if (facts.maintenanceRequirement <= 0n) return 0n;
  const target = (facts.maintenanceRequirement * PPM) / (PPM - BigInt(threshold)) + 1n;
  return facts.accountValue >= target ? 0n : target - facts.accountValue;
}

/**
 * `EmergencyModule.protect(bookId, action, amount)` from the model, sent by the keeper (KEEPER_ROLE: no grace
 * delay, no price-agreement check): the revert it would raise, or what it counts and the ledger it leaves. These
 * are the checks before the trade; the contract's after-trade rule 7 (`EffectTooSmall`) is `checkEffect`, which
 * a caller runs on the buffer the action leaves before it keeps the ledger. Not modelled: `PositionFlipped`
 * (impossible by construction: a cut never trades through zero).
 */
export function checkProtect(
  params: ModuleParams,
  usage: ModuleUsage,
  l3: Layer3Limits,
  facts: ModuleFacts,
  action: number,
  amount: bigint,
  now: bigint,
): ProtectOutcome {
  const no = (error: string, ...args: bigint[]): ProtectOutcome => ({ ok: false, revert: { error, args } });
  if (facts.modulePaused) return no("EnforcedPause");
  if (action !== EmergencyAction.addMargin && action !== EmergencyAction.reduce)
    return no("UnknownAction", BigInt(action));
  if (amount === 0n) return no("ZeroAmount");
  if (facts.bookPaused) return no("BookPaused");
  if (!facts.moduleEnabled) return no("ModuleNotEnabled");
  if ((l3.actionMask & action) === 0) return no("ActionNotAllowed", BigInt(action), BigInt(l3.actionMask));
  const threshold = BigInt(l3.marginBufferPpm);
  if (facts.bufferPpm > threshold) return no("NotInLayer3", facts.bufferPpm, threshold);
  const w = windowTotals(usage, params.period, now);
  if (w.lastAt !== 0n && now < w.lastAt + BigInt(params.cooldown))
    return no("CooldownActive", w.lastAt + BigInt(params.cooldown));
  if (w.full) return no("TooManyActions");
  const record = (margin: bigint, reduce: bigint): ModuleUsage =>
    [...usage, { at: now, margin, reduce }].slice(-WINDOW_CAPACITY);
  const a = BigInt(action);
  if (action === EmergencyAction.addMargin) {
    if (amount > l3.maxAddMargin) return no("ActionCapExceeded", a, amount, l3.maxAddMargin);
    const total = w.margin + amount;
    if (total > params.periodMarginCap) return no("PeriodCapExceeded", a, total, params.periodMarginCap);
    if (facts.idleBalance < amount) return no("InsufficientIdleBalance", facts.idleBalance, amount);
    return { ok: true, counted: amount, fullClose: false, usage: record(amount, 0n) };
  }
  if ((l3.actionMask & EmergencyAction.addMargin) !== 0) {
    const need = marginNeeded(facts, l3.marginBufferPpm);
    const room = bigMin(sub0(params.periodMarginCap, w.margin), l3.maxAddMargin);
    if (need <= room && need <= facts.idleBalance) return no("AddMarginCovers", need);
  }
  if (facts.positionSize === 0n) return no("NoPosition");
  if (amount > l3.maxHedgeNotional) return no("ActionCapExceeded", a, amount, l3.maxHedgeNotional);
  const fullClose = amount >= facts.exposure;
  const counted = fullClose ? facts.exposure : amount;
  const ratioCap = reduceShare(facts.exposure, l3.hedgeRatioPpm);
  if (counted > ratioCap) return no("ActionCapExceeded", a, counted, ratioCap);
  const total = w.reduce + counted;
  if (total > params.periodReduceCap) return no("PeriodCapExceeded", a, total, params.periodReduceCap);
  return { ok: true, counted, fullClose, usage: record(0n, counted) };
}

/**
 * `EmergencyModule._checkAfter`, rule 7: an action that leaves the book in Layer 3 (buffer after ≤ its
 * `marginBufferPpm`) must have raised the buffer by at least `minEffectPpm` points, else the whole call reverts
 * with `EffectTooSmall(gain, minEffectPpm)` — nothing traded, no cooldown or cap used. `before` and `after` are
 * `MarginBuffer.read`'s ppm (0 when value ≤ requirement) before and after the action. `undefined` = accepted.
 */
export function checkEffect(
  params: Pick<ModuleParams, "minEffectPpm">,
  l3: Pick<Layer3Limits, "marginBufferPpm">,
  before: bigint,
  after: bigint,
): ModuleRevert | undefined {
  if (after > BigInt(l3.marginBufferPpm)) return undefined;
  const gain = after > before ? after - before : 0n;
  const floor = BigInt(params.minEffectPpm);
  return gain < floor ? { error: "EffectTooSmall", args: [gain, floor] } : undefined;
}

/** Rule 6's per-action bound on a cut: Layer 3's `hedgeRatioPpm` of the position's exposure (rounded down). */
export function reduceShare(exposure: bigint, hedgeRatioPpm: number): bigint {
  return (exposure * BigInt(hedgeRatioPpm)) / PPM;
}

/** The most `protect` may add now: the remaining caps and the Safe's idle balance. */
export function marginRoom(status: EmergencyStatus): bigint {
  return bigMin(status.marginLeft, status.idleBalance);
}

export type { EmergencyActionId };

function sub0(a: bigint, b: bigint): bigint {
  return a > b ? a - b : 0n;
}
