import type { EventRun } from "../cli/runEventsCommand.ts";
import { formatSummary } from "../formatSummary.ts";
import { escapeHtml } from "./escapeHtml.ts";
import { type ChartOptions, renderChartSvg } from "./renderChartSvg.ts";
import { writeHtmlPage } from "./writeHtmlPage.ts";

/** Writes one self-contained HTML page: every event's chart (runs recorded with series) and its summary. */
export function writeEventsChart(runs: readonly EventRun[], out: string, options: ChartOptions = {}): string[] {
  const parts = runs.flatMap((e) => [
    `<h3>${escapeHtml(`${e.id} ${e.market}: ${e.description}`)}</h3>`,
    renderChartSvg(e.result, options),
    `<pre>${escapeHtml(formatSummary(e.result))}</pre>`,
  ]);
  writeHtmlPage(out, "ALVH backtest: cascades", "ALVH backtest: the liquidation cascades", parts);
  return [out];
}
