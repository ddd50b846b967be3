import { writeFileSync } from "node:fs";
import path from "node:path";
import { formatSummary } from "../formatSummary.ts";
import type { BacktestResult } from "../runBacktest.ts";
import { escapeHtml } from "./escapeHtml.ts";
import { type ChartOptions, renderChartSvg } from "./renderChartSvg.ts";
import { writeHtmlPage } from "./writeHtmlPage.ts";

/**
 * Writes `out` (self-contained HTML: inline SVG + the summary table, no external assets) and the same SVG
 * next to it (`x.html` → `x.svg`). Returns the files written.
 */
export function writeChart(result: BacktestResult, out: string, options: ChartOptions = {}): string[] {
  const svg = renderChartSvg(result, options);
  const file = writeHtmlPage(out, "ALVH backtest", "ALVH backtest", [
    svg,
    `<pre>${escapeHtml(formatSummary(result))}</pre>`,
  ]);
  const svgFile = `${file.replace(/\.html?$/i, "")}.svg`;
  writeFileSync(svgFile, svg);
  return [out, path.relative(process.cwd(), svgFile) || svgFile];
}
