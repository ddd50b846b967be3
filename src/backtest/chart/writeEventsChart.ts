import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { EventRun } from "../cli/runEventsCommand.ts";
import { formatSummary } from "../formatSummary.ts";
import { type ChartOptions, renderChartSvg } from "./renderChartSvg.ts";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Writes one self-contained HTML page: every event's chart (runs recorded with series) and its summary. */
export function writeEventsChart(runs: readonly EventRun[], out: string, options: ChartOptions = {}): string[] {
  const parts = runs.flatMap((e) => [
    `<h3>${esc(`${e.id} ${e.market}: ${e.description}`)}</h3>`,
    renderChartSvg(e.result, options),
    `<pre>${esc(formatSummary(e.result))}</pre>`,
  ]);
  const html = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><title>ALVH backtest: cascades</title>',
    "<style>body{font-family:sans-serif;margin:20px;color:#222}pre{font-size:12px;background:#f6f6f6;padding:10px}</style>",
    "</head><body>",
    "<h2>ALVH backtest: the liquidation cascades</h2>",
    ...parts,
    "</body></html>",
    "",
  ].join("\n");
  const file = path.resolve(out);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, html);
  return [out];
}
