import { resolveDataDir } from "../dataDir.ts";
import { money, pct } from "../formatSummary.ts";
import { formatTable } from "../formatTable.ts";
import type { StrategyMetrics } from "../StrategyMetrics.ts";
import { alvh } from "../strategies/alvh.ts";
import { unhedged } from "../strategies/unhedged.ts";
import { rankSweep, sweepPoints, sweepRow } from "../sweep.ts";
import { CommonOptionsSchema, parseOptions } from "./BacktestOptions.ts";
import { loadPolicy } from "./loadPolicy.ts";
import { type CommandIo, writeOut } from "./runBacktestCommand.ts";
import { runEvents } from "./runEventsCommand.ts";

/**
 * `alvh backtest sweep`: every grid point of ALVH thresholds runs on every cascade preset (all grid points
 * share one pass per event), then the table ranks them — what a DAO voter attaches to a proposal.
 */
export async function runSweepCommand(raw: Record<string, unknown>, io: CommandIo): Promise<void> {
  const o = parseOptions(CommonOptionsSchema.extend({ json: CommonOptionsSchema.shape.data }), raw);
  const base = await loadPolicy(o.policy);
  const { points, skipped } = sweepPoints(base);
  const names = points.map((_p, k) => `alvh#${k}`);
  const events = runEvents(resolveDataDir(o.data, io.env), {
    policy: base,
    position: { side: o.side, leverage: o.leverage, collateral: o.collateral, reserve: o.reserve },
    execution: { approvalDelayMs: o.approvalDelay, emergencyImmediate: o.l3Immediate },
    strategies: [unhedged, ...points.map((p, k) => alvh(p.policy, { name: names[k] as string }))],
  });
  const perPoint = points.map((p, k) => {
    const runs: StrategyMetrics[] = [];
    for (const e of events) {
      const m = e.result.strategies[names[k] as string];
      if (m) runs.push(m);
    }
    return sweepRow(p.label, runs);
  });
  const reference = sweepRow(
    "unhedged (reference)",
    events.flatMap((e) => (e.result.strategies.unhedged ? [e.result.strategies.unhedged] : [])),
  );
  const ranked = rankSweep(perPoint);
  const rows = [...ranked, reference].map((r, k) => [
    k < ranked.length ? String(k + 1) : "-",
    r.label,
    `${r.breaches}/${r.runs}`,
    pct(r.worstMinBuffer),
    money(r.hedgeCost),
    pct(r.meanTimeHedged),
    money(r.meanFinalEquity),
  ]);
  io.out(
    `sweep: ${points.length} policies (${skipped} invalid combinations skipped) × ${events.length} cascades;` +
      ` ${o.side} ${o.leverage}x, collateral ${o.collateral}, approval delay ${o.approvalDelay / 60_000} min\n\n`,
  );
  io.out(
    `${formatTable(["rank", "policy", "breaches", "worst buffer", "hedge cost", "time hedged", "mean equity"], rows)}\n`,
  );
  if (o.json) {
    writeOut(o.json, `${JSON.stringify({ ranked, reference, skipped }, null, 2)}\n`);
    io.out(`json: ${o.json}\n`);
  }
}
