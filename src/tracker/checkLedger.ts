import type { HedgeState } from "../planner/HedgeState.ts";
import type { Side } from "../strategy/BookSnapshot.ts";
import type { AccountState } from "../venues/Venue.ts";

export type LedgerDisagreement = {
  kind: "offset-missing" | "offset-unrecorded" | "position-gone" | "position-flipped";
  detail: string;
};

/**
 * Cross-checks the hedge ledger (executed records) against the venue's positions: an offset the ledger has but
 * the venue does not (or the other way round), the book's own position gone without a recorded cut (closed by
 * someone else, or liquidated), or on the wrong side. Pure; the keeper logs and counts what it returns.
 */
export function checkLedger(
  book: { side: Side; market: string },
  ledger: HedgeState,
  account: AccountState,
): LedgerDisagreement[] {
  const out: LedgerDisagreement[] = [];
  const same = (a: string, b: string | undefined) => b !== undefined && a.toLowerCase() === b.toLowerCase();
  const sign = book.side === "long" ? 1n : -1n;
  const own = account.positions.find((p) => same(p.market, book.market));
  const hedgeOnOther = ledger.hedgeMarket !== undefined && !same(book.market, ledger.hedgeMarket);
  if (ledger.offsetNotional > 0n && hedgeOnOther) {
    const h = account.positions.find((p) => same(p.market, ledger.hedgeMarket));
    if (!h || h.size * sign >= 0n)
      out.push({
        kind: "offset-missing",
        detail: `ledger holds an offset of ${ledger.offsetNotional} on ${ledger.hedgeMarket}; the venue shows none`,
      });
  }
  for (const p of account.positions) {
    if (same(p.market, book.market) || p.size * sign >= 0n) continue;
    if (!(ledger.offsetNotional > 0n && same(p.market, ledger.hedgeMarket)))
      out.push({
        kind: "offset-unrecorded",
        detail: `the venue shows an opposite position on ${p.market} (size ${p.size}) the ledger lacks`,
      });
  }
  if (!own && ledger.reducedNotional === 0n)
    out.push({ kind: "position-gone", detail: "the book's position is gone but no executed record cut it" });
  if (own && own.size * sign < 0n)
    out.push({
      kind: "position-flipped",
      detail: `the book's position is ${own.size > 0n ? "long" : "short"}, the book is ${book.side}`,
    });
  return out;
}
