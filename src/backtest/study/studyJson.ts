import { toPolicyJson } from "../../policy/policyJson.ts";
import { PERP_V2 } from "../sim/VenueMarginModel.ts";
import type { StudySummary } from "./aggregateStudy.ts";
import type { StudyRun } from "./runStudy.ts";

/**
 * The study as JSON: the grid, the policies (human JSON), the assets, one summary per approval delay and every
 * cell's metrics in grid order. Stable key order and no timings: the same study gives the same bytes.
 */
export function studyJson(run: StudyRun, summaries: readonly StudySummary[]): string {
  const c = run.config;
  const doc = {
    study: {
      from: new Date(run.fromMs).toISOString(),
      to: new Date(run.toMs).toISOString(),
      windowMs: c.windowMs,
      stepMs: c.stepMs,
      sides: c.sides,
      leverages: c.leverages,
      approvalDelaysMs: c.approvalDelaysMs,
      collateral: c.collateral,
      reserve: c.reserve,
      l3Immediate: c.l3Immediate,
      warmupBars: c.warmupBars,
      model: PERP_V2,
      baselines: c.baselines,
      policies: c.policies.map((p) => ({ name: p.name, policy: toPolicyJson(p.policy) })),
    },
    assets: run.assets,
    summary: summaries,
    windows: run.windows,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
