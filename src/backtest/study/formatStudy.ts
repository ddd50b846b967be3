import { suspectWarning } from "../data/suspectBars.ts";
import { pct } from "../formatSummary.ts";
import { formatTable } from "../formatTable.ts";
import { type StudySummary, strategyStats } from "./aggregateStudy.ts";
import { formatGoal } from "./formatGoal.ts";
import type { StudyRun } from "./runStudy.ts";
import type { WindowResult } from "./runStudyJob.ts";

export const STUDY_HEADER = [
  "strategy",
  "breached",
  "median",
  "mean",
  "10th pct",
  "worst",
  "max dd (median)",
  "max dd (worst)",
  "worst buffer",
  "fees",
  "funding",
  "trades",
  "time hedged",
] as const;

/** Breached cells listed per policy (the rest are in the JSON). */
const MAX_LISTED = 12;

/** One row per asset × side × leverage: each strategy's breached windows and median return there. */
function sliceRows(cells: readonly WindowResult[], names: readonly string[]): string[][] {
  const keys = [...new Set(cells.map((w) => `${w.asset} ${w.side} ${w.leverage}x`))];
  return keys.map((key) => {
    const slice = cells.filter((w) => `${w.asset} ${w.side} ${w.leverage}x` === key);
    return [
      key,
      ...names.map((n) => {
        const st = strategyStats(slice, n);
        return `${st.breached}/${st.windows} ${pct(st.medianReturn)}`;
      }),
    ];
  });
}

const days = (ms: number) => `${+(ms / 86_400_000).toFixed(3)} d`;
const minutes = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${ms / 60_000} min`);

/** The study's terminal output: grid, assets (with skipped windows and suspect bars), one table per delay. */
export function formatStudy(run: StudyRun, summaries: readonly StudySummary[]): string {
  const c = run.config;
  const lines: string[] = [];
  lines.push(
    `study: ${run.windows.length} cells = windows of ${days(c.windowMs)} stepped ${days(c.stepMs)} over` +
      ` ${run.fromMs ? new Date(run.fromMs).toISOString().slice(0, 10) : "?"} → ${new Date(run.toMs).toISOString().slice(0, 10)}` +
      ` × ${c.sides.join(",")} × ${c.leverages.map((l) => `${l}x`).join(",")} × approval ${c.approvalDelaysMs.map(minutes).join(",")}`,
    `position: collateral ${c.collateral}, reserve ${c.reserve}; venue perp-v2; L3 ${c.l3Immediate ? "immediate" : "waits for signers"};` +
      (c.warmupBars === 0
        ? " warm-up 0 bars: indicators START COLD in every window (--warmup 0)"
        : ` warm-up ${c.warmupBars} bars before each window`),
  );
  for (const a of run.assets) {
    lines.push(
      `  ${a.name}: ${a.prices} + ${a.funding}: ${a.windows} windows` +
        (a.skipped.length > 0 ? `, ${a.skipped.length} skipped` : "") +
        (a.outside > 0 ? ` (${a.outside} grid windows outside its data)` : ""),
    );
    if (a.note) lines.push(`    note: ${a.note}`);
    for (const s of a.skipped) lines.push(`    skipped ${s.from.slice(0, 10)} → ${s.to.slice(0, 10)}: ${s.reason}`);
    for (const s of a.suspectBars) {
      const touched = run.windows.filter((w) => w.asset === a.name && w.suspectBars > 0).length;
      lines.push(`    ${suspectWarning(a.prices, s)} (${touched} cells include it or its warm-up)`);
    }
  }
  for (const s of summaries) {
    lines.push(
      "",
      `approval delay ${minutes(s.approvalDelayMs)}: ${s.cells} cells (returns on collateral + reserve; fees, funding, trades, time hedged: per-window means)`,
    );
    const rows = Object.entries(s.strategies).map(([name, m]) => [
      name,
      `${m.breached}/${m.windows}`,
      pct(m.medianReturn),
      pct(m.meanReturn),
      pct(m.p10Return),
      pct(m.worstReturn),
      pct(m.medianMaxDrawdown),
      pct(m.worstMaxDrawdown),
      pct(m.worstBuffer),
      m.meanFees.toFixed(2),
      m.meanFunding.toFixed(2),
      m.meanTrades.toFixed(1),
      pct(m.meanTimeHedged),
    ]);
    lines.push(formatTable(STUDY_HEADER, rows));
    for (const [policy, records] of Object.entries(s.pairwise)) {
      const parts = records.map(
        (r) =>
          `vs ${r.versus} ${r.wins}/${r.ties}/${r.losses} (at or above in ${r.atOrAbove} of ${r.wins + r.ties + r.losses})`,
      );
      if (parts.length > 0) lines.push(`${policy} wins/ties/losses: ${parts.join("; ")}`);
    }
    for (const [policy, g] of Object.entries(s.goal)) lines.push("", formatGoal(policy, g, s.strategies));
    const cells = run.windows.filter((w) => w.approvalDelayMs === s.approvalDelayMs);
    lines.push("", "by slice (breached windows / median return):");
    lines.push(formatTable(["slice", ...Object.keys(s.strategies)], sliceRows(cells, Object.keys(s.strategies))));
    for (const policy of Object.keys(s.pairwise)) {
      const breached = cells.filter((w) => (w.strategies[policy]?.breaches ?? 0) > 0);
      if (breached.length === 0) continue;
      const shown = breached.slice(0, MAX_LISTED).map((w) => {
        const at = w.strategies[policy]?.liquidatedAt?.slice(0, 16).replace("T", " ") ?? "?";
        return `${w.asset} ${w.side} ${w.leverage}x from ${w.from.slice(0, 10)} (liquidated ${at})`;
      });
      const more = breached.length > MAX_LISTED ? `; … ${breached.length - MAX_LISTED} more in the JSON` : "";
      lines.push(`${policy} breached in: ${shown.join("; ")}${more}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
