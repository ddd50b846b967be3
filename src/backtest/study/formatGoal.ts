import { pct } from "../formatSummary.ts";
import { formatTable } from "../formatTable.ts";
import type { StrategyStats } from "./aggregateStudy.ts";
import { STRETCH_POINTS, type StudyGoal } from "./studyGoal.ts";

const points = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} points`;
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
const signed = (x: number) => `${x >= 0 ? "+" : ""}${pct(x)}`;

/** A policy's goal check as printed by the study: one line per figure, each with its verdict. */
export function formatGoal(policy: string, g: StudyGoal, strategies: Readonly<Record<string, StrategyStats>>): string {
  const s = strategies[policy] as StrategyStats;
  const ref = (name: string) => strategies[name] as StrategyStats;
  const rows = [
    ["breached windows", `${g.breached} of ${g.cells}`, verdict(g.breached === 0)],
    [
      "median",
      `${signed(s.medianReturn)} vs ${signed(ref(g.margin.against.median).medianReturn)} (${g.margin.against.median}): ${points(g.margin.median)}`,
      verdict(g.margin.median >= 0),
    ],
    [
      "mean",
      `${signed(s.meanReturn)} vs ${signed(ref(g.margin.against.mean).meanReturn)} (${g.margin.against.mean}): ${points(g.margin.mean)}`,
      verdict(g.margin.mean >= 0),
    ],
    [
      "10th percentile",
      `${signed(s.p10Return)} vs ${signed(ref(g.margin.against.p10).p10Return)} (${g.margin.against.p10}): ${points(g.margin.p10)}`,
      verdict(g.margin.p10 >= 0),
    ],
    [
      "at or above stopLoss",
      `${g.atOrAboveStop} of ${g.cells} (more than half)`,
      verdict(g.atOrAboveStop * 2 > g.cells),
    ],
  ];
  if (!Number.isNaN(g.stretch)) {
    rows.push([
      "stretch",
      `median ${points(g.stretch)} from static's (within ${STRETCH_POINTS * 100})`,
      verdict(g.stretch >= -STRETCH_POINTS),
    ]);
  }
  return `${policy} against the goal: ${verdict(g.met)}\n${formatTable(["figure", "value", "verdict"], rows)}`;
}
