import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { formatSummary } from "../formatSummary.ts";
import type { BacktestResult } from "../runBacktest.ts";
import { type ChartOptions, renderChartSvg } from "./renderChartSvg.ts";

/**
 * Writes `out` (self-contained HTML: inline SVG + the summary table, no external assets) and the same SVG
 * next to it (`x.html` → `x.svg`). Returns the files written.
 */
export function writeChart(result: BacktestResult, out: string, options: ChartOptions = {}): string[] {
  const svg = renderChartSvg(result, options);
  const html = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><title>ALVH backtest</title>',
    "<style>body{font-family:sans-serif;margin:20px;color:#222}pre{font-size:12px;background:#f6f6f6;padding:10px}</style>",
    "</head><body>",
    "<h2>ALVH backtest</h2>",
    svg,
    `<pre>${formatSummary(result).replace(/&/g, "&amp;").replace(/</g, "&lt;")}</pre>`,
    "</body></html>",
    "",
  ].join("\n");
  const file = path.resolve(out);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, html);
  const svgFile = `${file.replace(/\.html?$/i, "")}.svg`;
  writeFileSync(svgFile, svg);
  return [out, path.relative(process.cwd(), svgFile) || svgFile];
}
