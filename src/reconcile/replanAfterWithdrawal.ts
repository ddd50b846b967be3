import type { BookState } from "../strategy/BookState.ts";

/**
 * The strategy's state with a re-plan forced (`lastPlannedAt` cleared) when the book's plan was withdrawn
 * without a replacement: superseded because its facts changed, its nonce was used by another transaction,
 * or it failed. At a constant layer and hedge the strategy would otherwise not plan again, leaving the book
 * with nothing in flight. The keeper and the backtester apply it after such a withdrawal.
 */
export function replanAfterWithdrawal(state: BookState | undefined, withdrawn: boolean): BookState | undefined {
  if (!withdrawn || state === undefined || state.lastPlannedAt === undefined) return state;
  return { ...state, lastPlannedAt: undefined };
}

/** Whether a book's actions withdrew proposals and put nothing in their place. */
export function withdrewWithoutReplacement(actions: readonly { kind: string }[]): boolean {
  let withdrew = false;
  for (const a of actions) {
    if (a.kind === "propose" || a.kind === "protect") return false;
    if (a.kind === "supersede" || a.kind === "withdraw") withdrew = true;
  }
  return withdrew;
}
