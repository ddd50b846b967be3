import type { EmergencyModuleParams } from "../deploy/EmergencyModuleParams.ts";
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

/** `EmergencyModule.usage(bookId)`. Unix seconds; amounts 18 decimals. */
export type ModuleUsage = {
  lastActionAt: bigint;
  periodStart: bigint;
  marginInPeriod: bigint;
  reduceInPeriod: bigint;
};

export const UNUSED_MODULE: ModuleUsage = Object.freeze({
  lastActionAt: 0n,
  periodStart: 0n,
  marginInPeriod: 0n,
  reduceInPeriod: 0n,
});

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
};

/** A revert of `protect`, named after the contract's custom error. */
export type ModuleRevert = { error: string; args: readonly bigint[] };

export type ProtectOutcome =
  | { ok: true; counted: bigint; fullClose: boolean; usage: ModuleUsage }
  | { ok: false; revert: ModuleRevert };

/** `EmergencyModule.status(bookId)` from the model. */
export function moduleStatus(
  params: ModuleParams,
  usage: ModuleUsage,
  l3: Layer3Limits,
  facts: ModuleFacts,
  now: bigint,
): EmergencyStatus {
  const newPeriod = now >= usage.periodStart + BigInt(params.period);
  const marginUsed = newPeriod ? 0n : usage.marginInPeriod;
  const reduceUsed = newPeriod ? 0n : usage.reduceInPeriod;
  const threshold = BigInt(l3.marginBufferPpm);
  return {
    moduleEnabled: facts.moduleEnabled,
    modulePaused: facts.modulePaused,
    bookPaused: facts.bookPaused,
    bufferPpm: facts.bufferPpm,
    thresholdPpm: threshold,
    inLayer3: facts.bufferPpm <= threshold,
    nextAllowedAt: usage.lastActionAt === 0n ? 0n : usage.lastActionAt + BigInt(params.cooldown),
    marginLeft: min(sub0(params.periodMarginCap, marginUsed), l3.maxAddMargin),
    reduceLeft: min(sub0(params.periodReduceCap, reduceUsed), l3.maxHedgeNotional),
    idleBalance: facts.idleBalance,
    // Issue 11's rules (book approval, keeper grace, ADD_MARGIN preference, minimum effect, sliding window, price
    // agreement) are not modelled here yet: docs/threat-model.md states them exactly for this model.
    bookApproved: true,
    openToAnyoneAt: 0n,
    marginNeeded: 0n,
  };
}

/**
 * `EmergencyModule.protect(bookId, action, amount)` from the model: the revert it would raise, or what it
 * counts and the usage it leaves. (`PositionFlipped` cannot happen by construction and is not modelled.)
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
  if (usage.lastActionAt !== 0n && now < usage.lastActionAt + BigInt(params.cooldown))
    return no("CooldownActive", usage.lastActionAt + BigInt(params.cooldown));
  let u = usage;
  if (now >= u.periodStart + BigInt(params.period))
    u = { ...u, periodStart: now, marginInPeriod: 0n, reduceInPeriod: 0n };
  const a = BigInt(action);
  if (action === EmergencyAction.addMargin) {
    if (amount > l3.maxAddMargin) return no("ActionCapExceeded", a, amount, l3.maxAddMargin);
    const total = u.marginInPeriod + amount;
    if (total > params.periodMarginCap) return no("PeriodCapExceeded", a, total, params.periodMarginCap);
    if (facts.idleBalance < amount) return no("InsufficientIdleBalance", facts.idleBalance, amount);
    return { ok: true, counted: amount, fullClose: false, usage: { ...u, marginInPeriod: total, lastActionAt: now } };
  }
  if (facts.positionSize === 0n) return no("NoPosition");
  if (amount > l3.maxHedgeNotional) return no("ActionCapExceeded", a, amount, l3.maxHedgeNotional);
  const fullClose = amount >= facts.exposure;
  const counted = fullClose ? facts.exposure : amount;
  const ratioCap = (facts.exposure * BigInt(l3.hedgeRatioPpm)) / PPM;
  if (counted > ratioCap) return no("ActionCapExceeded", a, counted, ratioCap);
  const total = u.reduceInPeriod + counted;
  if (total > params.periodReduceCap) return no("PeriodCapExceeded", a, total, params.periodReduceCap);
  return { ok: true, counted, fullClose, usage: { ...u, reduceInPeriod: total, lastActionAt: now } };
}

/** The most `protect` may cut now: the status's remaining caps and the per-action share of the exposure. */
export function reduceRoom(status: EmergencyStatus, l3: Pick<Layer3Limits, "hedgeRatioPpm">, exposure: bigint): bigint {
  return min(status.reduceLeft, (exposure * BigInt(l3.hedgeRatioPpm)) / PPM);
}

/** The most `protect` may add now: the remaining caps and the Safe's idle balance. */
export function marginRoom(status: EmergencyStatus): bigint {
  return min(status.marginLeft, status.idleBalance);
}

export type { EmergencyActionId };

function sub0(a: bigint, b: bigint): bigint {
  return a > b ? a - b : 0n;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
