import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { StudySummary } from "./aggregateStudy.ts";
import { formatStudy } from "./formatStudy.ts";
import { renderStudySvg } from "./renderStudySvg.ts";
import type { StudyRun } from "./runStudy.ts";

/** Writes `out` (self-contained HTML: one SVG per approval delay and the study's text table). Returns the file. */
export function writeStudyChart(
  run: StudyRun,
  summaries: readonly StudySummary[],
  out: string,
  heading = "ALVH rolling-window study",
): string[] {
  const svgs = summaries.map((s) => {
    const delay = s.approvalDelayMs / 60_000;
    return renderStudySvg(s, run.windows, `${s.cells} cells · approval delay ${delay} min`);
  });
  const html = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><title>ALVH study</title>',
    "<style>body{font-family:sans-serif;margin:20px;color:#222}pre{font-size:12px;background:#f6f6f6;padding:10px}</style>",
    "</head><body>",
    `<h2>${heading.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</h2>`,
    ...svgs,
    `<pre>${formatStudy(run, summaries).replace(/&/g, "&amp;").replace(/</g, "&lt;")}</pre>`,
    "</body></html>",
    "",
  ].join("\n");
  const file = path.resolve(out);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, html);
  return [out];
}
