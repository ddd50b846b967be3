import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import { type HedgeState, NO_HEDGE } from "../planner/HedgeState.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";

/** Applies executed intents to a hedge state (amounts never go below zero). */
export function applyIntents(state: HedgeState, intents: readonly HedgeIntent[]): HedgeState {
  let { reducedNotional, offsetNotional, addedMargin, hedgeMarket } = state;
  const sub = (a: bigint, b: bigint) => (a > b ? a - b : 0n);
  for (const i of intents) {
    if (i.kind === "addMargin") addedMargin += i.amount;
    else if (i.kind === "removeMargin") addedMargin = sub(addedMargin, i.amount);
    else if (i.kind === "reduce") reducedNotional += i.notional;
    else if (i.kind === "restore") reducedNotional = sub(reducedNotional, i.notional);
    else if (i.kind === "openHedge") {
      offsetNotional += i.notional;
      hedgeMarket = i.market;
    } else {
      offsetNotional = sub(offsetNotional, i.notional);
      if (offsetNotional === 0n) hedgeMarket = undefined;
    }
  }
  return { reducedNotional, offsetNotional, addedMargin, hedgeMarket };
}

/**
 * The book's hedge state from what the chain confirmed: the typed `intents` of its records whose execution the
 * tracker saw (`ExecutionSuccess` of their Safe transaction, or an EmergencyModule `Protected` event), in
 * execution order. Proposals merely recorded, delivered or signed count for nothing.
 */
export function hedgeStateFromExecutions(store: KeeperStore, book: string): HedgeState {
  let state: HedgeState = NO_HEDGE;
  const executed = store
    .listProposals({ book, status: ["executed"] })
    .sort((a, b) => a.safeNonce - b.safeNonce || a.updatedAt - b.updatedAt);
  for (const p of executed) state = applyIntents(state, p.intents ?? []);
  return state;
}

/**
 * Chain time (ms) of the book's last executed action, for the cooldown (undefined when none); a record without
 * a known chain time counts at the time it was stored.
 */
export function lastExecutedAt(store: KeeperStore, book: string): number | undefined {
  let last: number | undefined;
  for (const p of store.listProposals({ book, status: ["executed"] })) {
    const t = p.executedAt ?? p.updatedAt;
    if (last === undefined || t > last) last = t;
  }
  return last === undefined ? undefined : last * 1000;
}
