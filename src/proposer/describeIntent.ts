import type { HedgeIntent } from "../planner/HedgeIntent.ts";

/** Settlement amount (18 decimals) as "12,345.67". */
export function formatAmount(amount: bigint, decimals = 18): string {
  const neg = amount < 0n;
  const abs = neg ? -amount : amount;
  const scale = 10n ** BigInt(decimals);
  const cents = (abs * 100n + scale / 2n) / scale;
  const int = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${int}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** One hedge intent in words, e.g. `reduce the long on ETH by 12,000.00 USD notional`. */
export function describeIntent(
  intent: HedgeIntent,
  side: "long" | "short",
  symbolOf: (market: string) => string = (m) => m,
  unit = "USD",
): string {
  const opposite = side === "long" ? "short" : "long";
  switch (intent.kind) {
    case "addMargin":
      return `deposit ${formatAmount(intent.amount)} ${unit} of idle settlement token as margin`;
    case "removeMargin":
      return `withdraw ${formatAmount(intent.amount)} ${unit} of previously added margin`;
    case "reduce":
      return `reduce the ${side} on ${symbolOf(intent.market)} by ${formatAmount(intent.notional)} ${unit} notional`;
    case "restore":
      return `restore the ${side} on ${symbolOf(intent.market)} by ${formatAmount(intent.notional)} ${unit} notional`;
    case "openHedge":
      return `open a ${opposite} hedge of ${formatAmount(intent.notional)} ${unit} notional on ${symbolOf(intent.market)}`;
    case "closeHedge":
      return `close ${formatAmount(intent.notional)} ${unit} notional of the ${opposite} hedge on ${symbolOf(intent.market)}`;
  }
}
