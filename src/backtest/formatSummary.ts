import { suspectWarning } from "./data/suspectBars.ts";
import { formatTable } from "./formatTable.ts";
import type { BacktestResult } from "./runBacktest.ts";
import type { StrategyMetrics } from "./StrategyMetrics.ts";

/**
 * Columns of the summary: `fees` and `funding` are the whole book's (taker fees and slippage including the
 * initial open; all funding paid, negative when received); `hedge cost` is what the protection alone cost.
 */
export const SUMMARY_HEADER = [
  "strategy",
  "breaches",
  "liquidated",
  "min buffer",
  "hedge cost",
  "fees",
  "funding",
  "pnl given up",
  "time hedged",
  "L1/L2/L3",
  "final equity",
  "return",
] as const;

/** One summary row per strategy (also used by the events table). */
export function summaryCells(name: string, m: StrategyMetrics): string[] {
  return [
    name,
    String(m.breaches),
    m.liquidated ? (m.liquidatedAt ?? "yes").slice(0, 16).replace("T", " ") : "no",
    pct(m.minMarginBuffer),
    money(m.hedgeCost),
    money(m.feesPaid),
    money(m.fundingPaid),
    money(m.pnlGivenUp),
    pct(m.timeHedged),
    `${m.layerActivations.l1}/${m.layerActivations.l2}/${m.layerActivations.l3}`,
    money(m.finalEquity),
    pct(m.return),
  ];
}

/** The terminal summary of one run: the window, the position, data gaps, then the table. */
export function formatSummary(result: BacktestResult): string {
  const { input } = result;
  const p = input.position;
  const head = [
    `${input.prices} + ${input.funding}: ${input.from.slice(0, 16)} → ${input.to.slice(0, 16)} (${input.bars} bars)`,
    `position: ${p.side} ${p.leverage}x, collateral ${p.collateral}, reserve ${p.reserve}; venue ${input.model.name}` +
      ` (mm ${pct(input.model.maintenanceRatio, 2)}, fee ${pct(input.model.takerFee, 2)},` +
      ` slippage ${pct(input.model.slippage, 2)}, penalty ${pct(input.model.liquidationPenalty, 2)}); approval delay ${input.execution.approvalDelayMs / 60_000} min,` +
      ` L3 ${input.execution.emergencyImmediate ? "immediate" : "waits for signers"}`,
  ];
  if (result.warmup.available < result.warmup.wanted) {
    head.push(
      `warning: only ${result.warmup.available} of ${result.warmup.wanted} warm-up bars before ${input.from.slice(0, 16)}` +
        " in the file: the indicators start cold, so early signals differ from a run with history. Start later" +
        " (--from) or use a file with earlier bars.",
    );
  }
  if (result.gaps.length > 0) {
    const missing = result.gaps.reduce((s, g) => s + g.missingBars, 0);
    head.push(`data gaps: ${result.gaps.length} (${missing} bars missing; not filled — see the JSON "gaps")`);
  }
  for (const b of result.suspectBars) head.push(suspectWarning(input.prices, b));
  const rows = Object.entries(result.strategies).map(([name, m]) => summaryCells(name, m));
  return `${head.join("\n")}\n\n${formatTable(SUMMARY_HEADER, rows)}\n`;
}

export function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

export function money(x: number): string {
  return x.toFixed(2);
}
