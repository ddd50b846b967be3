import path from "node:path";
import { Worker } from "node:worker_threads";
import { BacktestInputError } from "../BacktestInputError.ts";
import type { SuspectBar } from "../data/Bars.ts";
import { runStudyJob, type StudyData, type StudyJob, type WindowResult } from "./runStudyJob.ts";
import type { StudyConfig } from "./StudyConfig.ts";
import { StudyWorkerError } from "./StudyWorkerError.ts";
import { type SkippedWindow, type StudyWindow, studyWindows } from "./studyWindows.ts";
import type { StudyWorkerInit, StudyWorkerReply, StudyWorkerTask } from "./studyWorker.ts";

export type StudyAssetReport = {
  name: string;
  prices: string;
  funding: string;
  note?: string;
  windows: number;
  skipped: { from: string; to: string; reason: string }[];
  /** Grid windows outside this asset's data. */
  outside: number;
  suspectBars: SuspectBar[];
};

/** The study's cells in grid order, with what every strategy did in each. */
export type StudyRun = {
  config: StudyConfig;
  fromMs: number;
  toMs: number;
  assets: StudyAssetReport[];
  windows: WindowResult[];
};

export type RunStudyOptions = {
  /** Worker threads; ≤ 1 runs every cell in this thread. Results are the same either way, byte for byte. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
};

/** Cells in grid order: approval delay, leverage, asset, side, then window start. */
export function studyJobs(config: StudyConfig, windows: readonly StudyWindow[][]): StudyJob[] {
  const jobs: StudyJob[] = [];
  for (const approvalDelayMs of config.approvalDelaysMs) {
    for (const leverage of config.leverages) {
      windows.forEach((ws, asset) => {
        for (const side of config.sides) {
          for (const window of ws) jobs.push({ asset, window, side, leverage, approvalDelayMs });
        }
      });
    }
  }
  return jobs;
}

/**
 * Runs the study: the grid's windows per asset (`studyWindows`), every strategy on every cell, spread over
 * worker threads. Deterministic: cells are independent and results are put back in grid order.
 */
export async function runStudy(config: StudyConfig, data: readonly StudyData[], options: RunStudyOptions = {}) {
  if (config.policies.length === 0) throw new BacktestInputError("a study needs at least one policy");
  if (data.length === 0) throw new BacktestInputError("a study needs at least one asset");
  const fromMs = config.fromMs ?? Math.min(...data.map((d) => dataStart(d)));
  const toMs =
    config.toMs ?? Math.max(...data.map((d) => (d.bars.openTimeMs[d.bars.length - 1] as number) + d.bars.intervalMs));
  const grid = { fromMs, toMs, windowMs: config.windowMs, stepMs: config.stepMs, warmupBars: config.warmupBars };
  const perAsset = data.map((d) => studyWindows(d.bars, d.funding, grid));
  const jobs = studyJobs(
    config,
    perAsset.map((a) => a.windows),
  );
  const windows = await runJobs(config, data, jobs, options);
  const assets = data.map((d, k): StudyAssetReport => {
    const a = perAsset[k] as ReturnType<typeof studyWindows>;
    const spec = config.assets[k];
    return {
      name: d.name,
      prices: path.basename(d.bars.file),
      funding: path.basename(d.funding.file),
      ...(spec?.note ? { note: spec.note } : {}),
      windows: a.windows.length,
      skipped: a.skipped.map((s: SkippedWindow) => ({ from: iso(s.fromMs), to: iso(s.toMs), reason: s.reason })),
      outside: a.outside,
      suspectBars: d.bars.suspects ?? [],
    };
  });
  return { config, fromMs, toMs, assets, windows } satisfies StudyRun;
}

function dataStart(d: StudyData): number {
  return Math.max(d.bars.openTimeMs[0] as number, d.funding.timeMs[0] ?? Number.POSITIVE_INFINITY);
}

async function runJobs(
  config: StudyConfig,
  data: readonly StudyData[],
  jobs: readonly StudyJob[],
  options: RunStudyOptions,
): Promise<WindowResult[]> {
  const workers = Math.max(1, Math.min(options.workers ?? 1, jobs.length));
  const progress = options.onProgress;
  progress?.(0, jobs.length);
  if (workers <= 1) {
    return jobs.map((job, k) => {
      const r = runStudyJob(config, data, job);
      progress?.(k + 1, jobs.length);
      return r;
    });
  }
  const results = new Array<WindowResult | undefined>(jobs.length);
  // Small batches keep both threads busy to the end; each reply brings the next batch.
  const batch = Math.max(1, Math.min(8, Math.floor(jobs.length / (workers * 8))));
  let next = 0;
  let done = 0;
  const init: StudyWorkerInit = { config, data: [...data] };
  const take = (): StudyWorkerTask => {
    if (next >= jobs.length) return null;
    const task: { index: number; job: StudyJob }[] = [];
    for (; next < jobs.length && task.length < batch; next++) task.push({ index: next, job: jobs[next] as StudyJob });
    return task;
  };
  await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(new URL("./studyWorker.ts", import.meta.url), { workerData: init });
          let failed = false;
          const fail = (error: Error) => {
            if (failed) return;
            failed = true;
            void worker.terminate();
            reject(error);
          };
          worker.on("message", (reply: StudyWorkerReply) => {
            if (!reply.ok) {
              fail(
                new StudyWorkerError(`study cell ${reply.index} failed`, {
                  details: reply.message,
                  metaMessages: [describe(jobs[reply.index], data)],
                }),
              );
              return;
            }
            for (const { index, result } of reply.results) results[index] = result;
            done += reply.results.length;
            progress?.(done, jobs.length);
            worker.postMessage(take());
          });
          worker.on("error", (e) => fail(new StudyWorkerError("study worker crashed", { cause: e })));
          worker.on("exit", (code) => {
            if (failed) return;
            if (code !== 0) fail(new StudyWorkerError(`study worker exited with code ${code}`));
            else resolve();
          });
          worker.postMessage(take());
        }),
    ),
  );
  const missing = results.findIndex((r) => r === undefined);
  if (missing >= 0) throw new StudyWorkerError(`study cell ${missing} has no result`);
  return results as WindowResult[];
}

function describe(job: StudyJob | undefined, data: readonly StudyData[]): string {
  if (!job) return "unknown cell";
  return `${data[job.asset]?.name ?? "?"} ${job.side} ${job.leverage}x, approval ${job.approvalDelayMs / 60_000} min, ${iso(job.window.fromMs)} → ${iso(job.window.toMs)}`;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
