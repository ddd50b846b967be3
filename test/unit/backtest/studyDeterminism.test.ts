import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runStudyCommand } from "../../../src/backtest/cli/runStudyCommand.ts";
import { summarizeStudy } from "../../../src/backtest/study/aggregateStudy.ts";
import { runStudy } from "../../../src/backtest/study/runStudy.ts";
import { DEFAULT_STUDY, type StudyConfig } from "../../../src/backtest/study/StudyConfig.ts";
import { studyJson } from "../../../src/backtest/study/studyJson.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { funding, HOUR, path as pricePath, T0 } from "./synthetic.ts";

/** A seeded random walk with sell-offs (pinned LCG: the same bars every run). */
function walk(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
  const out: number[] = [];
  let p = 100;
  for (let i = 0; i < n; i++) {
    const crash = i % 500 > 470 ? -0.012 : 0;
    p *= 1 + crash + (rnd() - 0.5) * 0.02;
    out.push(p);
  }
  return out;
}

const DAYS = 60;
const data = [
  { name: "a", bars: pricePath(walk(DAYS * 24, 7)), funding: fund(0.0001) },
  { name: "b", bars: pricePath(walk(DAYS * 24, 11)), funding: fund(-0.0002) },
];
function fund(rate: number) {
  return funding(Array.from({ length: DAYS * 3 }, (_v, k) => [T0 + k * 8 * HOUR, rate]));
}
const config: StudyConfig = {
  ...DEFAULT_STUDY,
  assets: data.map((d) => ({ name: d.name, prices: `${d.name}.csv`, funding: `${d.name}-f.csv` })),
  windowMs: 10 * 24 * HOUR,
  stepMs: 5 * 24 * HOUR,
  leverages: [3, 5],
  approvalDelaysMs: [3_600_000, 4 * 3_600_000],
  policies: [{ name: "alvh", policy: defaultPolicy() }],
};

describe("study determinism", () => {
  it("gives byte-identical JSON with 1 worker (in this thread) and 2 worker threads", async () => {
    const json = async (workers: number) => {
      const run = await runStudy(config, data, { workers });
      const names = ["unhedged", "static", "stopLoss", "deleverage"];
      return studyJson(run, summarizeStudy(run.windows, names, ["alvh"]));
    };
    const one = await json(1);
    const two = await json(2);
    expect(two).toBe(one);
    const doc = JSON.parse(one);
    // 2 assets × (60 − 10 days) / 5 + 1 = 11 starts, minus the first two (< 200 bars of warm-up) = 9 windows,
    // × 2 sides × 2 leverages × 2 delays
    expect(doc.windows.length).toBe(2 * 9 * 2 * 2 * 2);
    expect(doc.assets[0].skipped.length).toBe(2);
    expect(Object.keys(doc.windows[0].strategies)).toEqual(["unhedged", "static", "stopLoss", "deleverage", "alvh"]);
    expect(doc.summary.map((s: { approvalDelayMs: number }) => s.approvalDelayMs)).toEqual([3_600_000, 14_400_000]);
  });

  it("alvh backtest study --asset … writes the table, the JSON and the chart", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "alvh-study-"));
    const prices = path.join(dir, "p.csv");
    const fundingFile = path.join(dir, "f.csv");
    const b = data[0]?.bars;
    if (!b) throw new Error("no bars");
    const rows = ["open_time_ms,open_time_utc,open,high,low,close,volume_base"];
    for (let i = 0; i < b.length; i++)
      rows.push(`${b.openTimeMs[i]},x,${b.open[i]},${b.high[i]},${b.low[i]},${b.close[i]},1`);
    writeFileSync(prices, `${rows.join("\n")}\n`);
    const f = ["funding_time_ms,funding_time_utc,funding_interval_hours,funding_rate"];
    for (let k = 0; k < DAYS * 3; k++) f.push(`${T0 + k * 8 * HOUR},x,8,0.0001`);
    writeFileSync(fundingFile, `${f.join("\n")}\n`);
    let printed = "";
    const json = path.join(dir, "out", "study.json");
    const chart = path.join(dir, "out", "study.html");
    await runStudyCommand(
      {
        asset: [`x=${prices},${fundingFile}`],
        window: "10d",
        step: "5d",
        sides: "long,short",
        leverage: "3,5",
        approvalDelay: "60m,4h",
        workers: "1",
        json,
        chart,
      },
      { out: (t) => (printed += t), env: {} },
    );
    expect(printed).toContain("approval delay 1 h: 36 cells");
    expect(printed).toContain("approval delay 4 h: 36 cells");
    expect(printed).toMatch(/alvh wins\/ties\/losses: vs unhedged \d+\/\d+\/\d+/);
    expect(JSON.parse(readFileSync(json, "utf8")).windows.length).toBe(72);
    const html = readFileSync(chart, "utf8");
    expect(html).toContain("<svg");
    expect(html.match(/<svg/g)?.length).toBe(2); // one per approval delay
  });
});
