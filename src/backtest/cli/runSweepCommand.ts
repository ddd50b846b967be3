import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { diffPolicy } from "../../policy/diffPolicy.ts";
import { stringifyPolicy } from "../../policy/policyJson.ts";
import { BacktestInputError } from "../BacktestInputError.ts";
import { pct } from "../formatSummary.ts";
import { formatTable } from "../formatTable.ts";
import { summarizeStudy } from "../study/aggregateStudy.ts";
import { goalBaselines } from "../study/goalMargin.ts";
import { runStudy } from "../study/runStudy.ts";
import { studyBaselineNames } from "../study/runStudyJob.ts";
import { rankSweep, type SweepPoint, sweepPoints, sweepRow } from "../sweep.ts";
import { type HumanGrid, humanGridPoints, sampleGridPoints } from "../sweepGrid.ts";
import { parseOptions } from "./BacktestOptions.ts";
import { loadPolicy } from "./loadPolicy.ts";
import { type CommandIo, writeOut } from "./runBacktestCommand.ts";
import { StudyOptionsSchema } from "./StudyOptions.ts";
import { studySetup } from "./studySetup.ts";

const SweepOptionsSchema = StudyOptionsSchema.extend({
  grid: z.string().min(1).optional(),
  out: z.string().min(1).default(path.join("out", "sweep")),
  top: z.coerce.number().int().min(1).default(4),
  rank: z.enum(["study", "goal"]).default("study"),
  sample: z.coerce.number().int().min(1).optional(),
  seed: z.coerce.number().int().min(0).max(0xffff_ffff).default(1),
  minWorstBuffer: z.coerce.number().min(0).max(1).optional(),
});

/**
 * `alvh backtest sweep`: every policy of a grid (the default threshold grid, or `--grid FILE` in human
 * units) and the base policy run the whole study (same windows, sides, leverages, delays as `study`); ranked
 * by breached windows, then the 10th-percentile return, then the median — pooled over every cell. Prints
 * every changed field of each policy, writes each ranked policy as a policy file into `--out`, and the
 * ranking as JSON / the top policies' distributions as a chart.
 */
export async function runSweepCommand(raw: Record<string, unknown>, io: CommandIo): Promise<void> {
  const o = parseOptions(SweepOptionsSchema, raw);
  const base = await loadPolicy(o.policy);
  if (o.sample !== undefined && !o.grid) {
    throw new BacktestInputError("--sample draws from a grid: give --grid FILE too");
  }
  const { points, skipped } = o.grid
    ? o.sample !== undefined
      ? sampleGridPoints(base, readGrid(o.grid), o.sample, o.seed)
      : humanGridPoints(base, readGrid(o.grid))
    : sweepPoints(base);
  const width = String(points.length).length;
  const named = [
    { name: "base", point: { label: "base policy", policy: base } as SweepPoint },
    ...points.map((point, k) => ({ name: `p${String(k + 1).padStart(width, "0")}`, point })),
  ];
  const {
    config,
    data,
    run: runOptions,
  } = studySetup(
    o,
    named.map((n) => ({ name: n.name, policy: n.point.policy })),
    io.env,
  );
  const run = await runStudy(config, data, runOptions);
  const baselineNames = studyBaselineNames(config);
  const references = baselineNames.map((b) => sweepRow(run.windows, b, [], []));
  const goalRefs = goalBaselines(Object.fromEntries(references.map((r) => [r.name, r.stats])));
  const ranked = rankSweep(
    named.map((n) => sweepRow(run.windows, n.name, diffPolicy(base, n.point.policy), baselineNames, goalRefs)),
    o.rank,
    o.minWorstBuffer,
  );
  const versus = baselineNames.filter((b) => b === "stopLoss" || b === "deleverage");
  const rows = [
    ...ranked.map((r, k) => ({ rank: String(k + 1), r })),
    ...references.map((r) => ({ rank: "-", r })),
  ].map(({ rank, r }) => [
    rank,
    r.name,
    `${r.stats.breached}/${r.stats.windows}`,
    pct(r.stats.p10Return),
    pct(r.stats.medianReturn),
    pct(r.stats.meanReturn),
    pct(r.stats.worstReturn),
    pct(r.stats.worstBuffer),
    r.stats.meanTrades.toFixed(1),
    r.goal === undefined ? "" : signedPct(r.goal.min),
    ...versus.map((v) => {
      const p = r.pairwise.find((x) => x.versus === v);
      return p ? `${p.atOrAbove}/${p.wins + p.ties + p.losses}` : "";
    }),
  ]);
  const assets = run.assets.map((a) => `${a.name} ${a.windows} windows`).join(", ");
  io.out(
    `sweep: ${named.length} policies (base + ${points.length} grid points; ${skipped} invalid combinations skipped)` +
      ` × ${run.windows.length} study cells (${assets}; ${o.sides.join(",")} × ${o.leverage.map((l) => `${l}x`).join(",")}` +
      ` × approval ${o.approvalDelay.map((d) => `${d / 60_000} min`).join(",")}), all delays pooled;` +
      (o.sample === undefined ? "" : ` ${points.length} drawn at random (seed ${o.seed});`) +
      ` ranked by breached windows, ${o.minWorstBuffer === undefined ? "" : `then a worst buffer of at least ${pct(o.minWorstBuffer)}, `}` +
      (o.rank === "goal"
        ? "then the goal margin, then 10th percentile, then median\n"
        : "then 10th percentile, then median\n") +
      "goal margin: the smallest of median, mean and 10th-percentile return minus the best of the stop-loss's" +
      " and deleverage's (≥ 0: the goal is met)\n\n",
  );
  io.out(
    `${formatTable(
      [
        "rank",
        "policy",
        "breached",
        "10th pct",
        "median",
        "mean",
        "worst",
        "worst buffer",
        "trades",
        "goal margin",
        ...versus.map((v) => `≥ ${v}`),
      ],
      rows,
    )}\n\nchanged fields (vs the base policy${o.policy ? ` ${o.policy}` : ", the default"}):\n`,
  );
  for (const r of ranked) io.out(`  ${r.name}: ${r.changes.length === 0 ? "(none)" : r.changes.join("; ")}\n`);
  const files = ranked.map((r, k) => {
    const file = path.join(o.out, `${String(k + 1).padStart(width, "0")}-${r.name}.json`);
    const policy = named.find((n) => n.name === r.name)?.point.policy ?? base;
    writeOut(file, stringifyPolicy(policy));
    return file;
  });
  io.out(`policies: ${files.length} files in ${o.out}/ (named <rank>-<policy>.json)\n`);
  if (o.json) {
    const doc = {
      ranked: ranked.map((r, k) => ({ rank: k + 1, ...r, file: files[k] })),
      baselines: references,
      skipped,
    };
    writeOut(o.json, `${JSON.stringify(doc, null, 2)}\n`);
    io.out(`json: ${o.json}\n`);
  }
  if (o.chart) {
    const { writeStudyChart } = await import("../study/writeStudyChart.ts");
    const top = ranked.slice(0, o.top).map((r) => r.name);
    const summaries = summarizeStudy(run.windows, baselineNames, top);
    io.out(
      `chart: ${writeStudyChart(run, summaries, o.chart, `ALVH sweep: the top ${top.length} policies`).join(", ")}\n`,
    );
  }
}

function signedPct(x: number): string {
  return `${x >= 0 ? "+" : ""}${pct(x)}`;
}

function readGrid(file: string): HumanGrid {
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (json === null || typeof json !== "object" || Array.isArray(json)) throw new Error("expected a JSON object");
    return json as HumanGrid;
  } catch (cause) {
    throw new BacktestInputError(`cannot read the sweep grid ${file}`, {
      cause,
      metaMessages: ['expected e.g. {"L2.marginBuffer": ["30%", "35%"], "L3.marginBuffer": ["20%", "25%"]}'],
    });
  }
}
