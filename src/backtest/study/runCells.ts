import { Worker } from "node:worker_threads";
import type { RunStudyOptions } from "./runStudy.ts";
import { runStudyJob, type StudyData, type StudyJob, type WindowResult } from "./runStudyJob.ts";
import type { StudyConfig } from "./StudyConfig.ts";
import { StudyWorkerError } from "./StudyWorkerError.ts";
import type { StudyWorkerInit, StudyWorkerReply, StudyWorkerTask } from "./studyWorker.ts";

/**
 * Runs the study's cells, in this thread (`workers` ≤ 1) or on a pool of worker threads fed small batches
 * (each reply brings the next batch, so every thread stays busy to the end). Results come back in `jobs`
 * order whatever thread ran them: the output does not depend on the number of workers.
 */
export async function runCells(
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
  const missing = results.indexOf(undefined);
  if (missing >= 0) throw new StudyWorkerError(`study cell ${missing} has no result`);
  return results as WindowResult[];
}

function describe(job: StudyJob | undefined, data: readonly StudyData[]): string {
  if (!job) return "unknown cell";
  return `${data[job.asset]?.name ?? "?"} ${job.side} ${job.leverage}x, approval ${job.approvalDelayMs / 60_000} min, ${iso(job.window.fromMs)} → ${iso(job.window.toMs)}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
