import { bigMin } from "../planner/bigMin.ts";
import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import { EmergencyAction, type EmergencyActionId, type EmergencyStatus } from "./EmergencyStatus.ts";
import { marginRoom } from "./moduleRules.ts";

/**
 * Routing of Layer-3 actions between the EmergencyModule (no signatures, bounded, verified on-chain) and Safe
 * proposals (signers). Layers 1–2 always go through proposals; in Layer 3 the first add-margin or reduce intent
 * goes through the module when it is usable, clamped to what the module may still move (the rest, and every
 * other intent, is proposed as usual so signers see it in the proposal record).
 */

/** One module call. */
export type EmergencyCall = { action: EmergencyActionId; amount: bigint; intent: HedgeIntent };

export type EmergencyRoute = {
  /** The call for the module this tick (one per cooldown), if any. */
  emergency: EmergencyCall | undefined;
  /** What still goes to the signers as a proposal. */
  viaProposal: HedgeIntent[];
  /** Why the module is not used (empty when it is). */
  reasons: string[];
};

/** Whether the module can act for the book at `now` (unix seconds), with the reasons when it cannot. */
export function canUseEmergency(status: EmergencyStatus, now: bigint): { usable: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (!status.moduleEnabled) reasons.push("module not enabled on the Safe");
  if (!status.bookApproved) reasons.push("book not approved by the Safe for the module");
  if (status.modulePaused) reasons.push("module paused by the guardian");
  if (status.bookPaused) reasons.push("book paused in the registry");
  if (!status.inLayer3) {
    reasons.push(`margin buffer ${status.bufferPpm} ppm > Layer-3 threshold ${status.thresholdPpm} ppm (on-chain)`);
  }
  if (status.nextAllowedAt > now) reasons.push(`cooldown until ${status.nextAllowedAt}`);
  return { usable: reasons.length === 0, reasons };
}

/**
 * Splits a Layer-3 plan between the module and a proposal (see the file comment). `reduceCap` bounds one cut
 * further (the module's per-action share of the position, `hedgeRatioPpm` × exposure; default: no bound).
 */
export function routeLayer3(
  status: EmergencyStatus,
  now: bigint,
  intents: readonly HedgeIntent[],
  reduceCap?: bigint,
): EmergencyRoute {
  const verdict = canUseEmergency(status, now);
  if (!verdict.usable) return { emergency: undefined, viaProposal: [...intents], reasons: verdict.reasons };
  const viaProposal: HedgeIntent[] = [];
  let emergency: EmergencyCall | undefined;
  for (const intent of intents) {
    if (emergency === undefined && intent.kind === "addMargin") {
      const amount = bigMin(intent.amount, marginRoom(status));
      if (amount > 0n) {
        emergency = { action: EmergencyAction.addMargin, amount, intent: { kind: "addMargin", amount } };
        if (intent.amount > amount) viaProposal.push({ kind: "addMargin", amount: intent.amount - amount });
        continue;
      }
    }
    if (emergency === undefined && intent.kind === "reduce" && !marginCoversOf(status)) {
      const left = reduceCap === undefined ? status.reduceLeft : bigMin(status.reduceLeft, reduceCap);
      const amount = bigMin(intent.notional, left);
      if (amount > 0n) {
        emergency = {
          action: EmergencyAction.reduce,
          amount,
          intent: { kind: "reduce", market: intent.market, notional: amount },
        };
        if (intent.notional > amount) {
          viaProposal.push({ kind: "reduce", market: intent.market, notional: intent.notional - amount });
        }
        continue;
      }
    }
    viaProposal.push(intent);
  }
  if (emergency === undefined && marginCoversOf(status) && intents.some((i) => i.kind === "reduce")) {
    // The module refuses the cut while idle margin lifts the book out of Layer 3: it adds that margin instead (1 %
    // headroom for the move between this read and the block); the cut still goes to the signers.
    const amount = bigMin((status.marginNeeded * 101n) / 100n, marginRoom(status));
    emergency = { action: EmergencyAction.addMargin, amount, intent: { kind: "addMargin", amount } };
  }
  const reasons = emergency ? [] : ["no add-margin/reduce intent the module's remaining caps allow"];
  return { emergency, viaProposal, reasons };
}

/** The module refuses a cut while idle margin within its caps lifts the book out of Layer 3 (AddMarginCovers). */
function marginCoversOf(status: EmergencyStatus): boolean {
  return status.marginNeeded > 0n && status.marginNeeded <= marginRoom(status);
}
