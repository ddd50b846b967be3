import type { HedgeIntent } from "../../planner/HedgeIntent.ts";
import { toFloat } from "../../signals/toFloat.ts";
import type { Held } from "./alvhSnapshots.ts";

export const NOTHING_HELD: Held = { reducedNotional: 0n, reducedBase: 0, offsetBase: 0, addedMargin: 0n };

/**
 * The adapter's hedge after `intents` execute, notionals converted to base at `price`. A restore of everything
 * that was cut brings the base back to the book's full size exactly.
 */
export function heldAfter(h: Held, intents: readonly HedgeIntent[], price: number): Held {
  let { reducedNotional, reducedBase, offsetBase, addedMargin } = h;
  for (const it of intents) {
    switch (it.kind) {
      case "reduce":
        reducedNotional += it.notional;
        reducedBase += toFloat(it.notional) / price;
        break;
      case "restore":
        reducedNotional = it.notional >= reducedNotional ? 0n : reducedNotional - it.notional;
        reducedBase = reducedNotional === 0n ? 0 : Math.max(0, reducedBase - toFloat(it.notional) / price);
        break;
      case "openHedge":
        offsetBase += toFloat(it.notional) / price;
        break;
      case "closeHedge":
        offsetBase = Math.max(0, offsetBase - toFloat(it.notional) / price);
        break;
      case "addMargin":
        addedMargin += it.amount;
        break;
      case "removeMargin":
        addedMargin = it.amount >= addedMargin ? 0n : addedMargin - it.amount;
        break;
    }
  }
  return { reducedNotional, reducedBase, offsetBase, addedMargin };
}
