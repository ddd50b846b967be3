import { fromE18 } from "../venues/perp/priceMath.ts";
import type { VenueSnapshot } from "../venues/Venue.ts";

const usd = (x: bigint) => fromE18(x).toLocaleString("en-US", { maximumFractionDigits: 2 });

/** One account of a snapshot in words: value, requirement, buffer, positions with liquidation prices. */
export function formatAccountState(snapshot: VenueSnapshot, index: number): string[] {
  const a = snapshot.accounts[index];
  if (!a) return [];
  const lines = [
    `account ${a.account} at block ${snapshot.blockNumber}`,
    `  value ${usd(a.accountValue)}  maintenance ${usd(a.maintenanceRequirement)}  buffer ${(Number(a.marginBufferPpm) / 1e4).toFixed(2)} %${a.breached ? "  BREACHED" : ""}`,
    `  free collateral ${usd(a.freeCollateral)}  pending funding ${usd(a.pendingFunding)}`,
  ];
  for (const p of a.positions) {
    const symbol = snapshot.markets.find((m) => m.market === p.market)?.symbol ?? p.market;
    const liq = p.liquidationPrice === null ? "none" : usd(p.liquidationPrice);
    lines.push(`  ${symbol} size ${fromE18(p.size).toFixed(4)}  notional ${usd(p.notional)}  est. liquidation ${liq}`);
  }
  return lines;
}
