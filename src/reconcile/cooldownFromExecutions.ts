import type { BookState } from "../strategy/BookState.ts";

/**
 * The strategy's state with the cooldown measured from the book's last *executed* action (ms; undefined:
 * none). The strategy stamps `lastActionAt` when it plans; a plan that was never executed (superseded,
 * withdrawn, its nonce used elsewhere) must not hold the book in cooldown. The keeper and the backtester
 * apply this before every strategy step.
 */
export function cooldownFromExecutions(
  state: BookState | undefined,
  lastExecutedAt: number | undefined,
): BookState | undefined {
  if (state === undefined || state.lastActionAt === lastExecutedAt) return state;
  return { ...state, lastActionAt: lastExecutedAt };
}
