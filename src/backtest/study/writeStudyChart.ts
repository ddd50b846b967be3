import { escapeHtml } from "../chart/escapeHtml.ts";
import { writeHtmlPage } from "../chart/writeHtmlPage.ts";
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
  writeHtmlPage(out, "ALVH study", heading, [...svgs, `<pre>${escapeHtml(formatStudy(run, summaries))}</pre>`]);
  return [out];
}
