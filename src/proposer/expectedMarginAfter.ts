import type { HedgeIntent } from "../planner/HedgeIntent.ts";

export type MarginFigures = {
  accountValue: bigint;
  maintenanceRequirement: bigint;
  /** (value − requirement) / value, ppm; ≤ 0 when breached. */
  bufferPpm: bigint;
};

function buffer(value: bigint, requirement: bigint): bigint {
  return value <= 0n ? 0n : ((value - requirement) * 1_000_000n) / value;
}

/**
 * First-order estimate of the account's margin after the intents execute at the current mark, ignoring
 * fees and slippage: margin moves change the account value; trades change the maintenance requirement by
 * maintenanceRatio × notional (cutting or closing exposure lowers it, adding exposure raises it; Perp v2
 * sums absolute notionals across markets).
 */
export function expectedMarginAfter(
  before: { accountValue: bigint; maintenanceRequirement: bigint },
  intents: readonly HedgeIntent[],
  maintenanceRatioPpm: bigint,
): MarginFigures {
  let value = before.accountValue;
  let req = before.maintenanceRequirement;
  const mm = (n: bigint) => (n * maintenanceRatioPpm) / 1_000_000n;
  for (const i of intents) {
    if (i.kind === "addMargin") value += i.amount;
    else if (i.kind === "removeMargin") value -= i.amount;
    else if (i.kind === "reduce" || i.kind === "closeHedge") req -= mm(i.notional);
    else req += mm(i.notional);
  }
  if (req < 0n) req = 0n;
  return { accountValue: value, maintenanceRequirement: req, bufferPpm: buffer(value, req) };
}

export function marginFigures(accountValue: bigint, maintenanceRequirement: bigint): MarginFigures {
  return { accountValue, maintenanceRequirement, bufferPpm: buffer(accountValue, maintenanceRequirement) };
}
