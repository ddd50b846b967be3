import { parentPort, workerData } from "node:worker_threads";
import { runStudyJob, type StudyData, type StudyJob } from "./runStudyJob.ts";
import type { StudyConfig } from "./StudyConfig.ts";

/** What a study worker thread is started with (structured-cloned: plain data and typed arrays). */
export type StudyWorkerInit = { config: StudyConfig; data: StudyData[] };
/** Main → worker: a batch of cells by grid index; null ends the worker. */
export type StudyWorkerTask = { index: number; job: StudyJob }[] | null;
/** Worker → main: the batch's results, or the first failure. */
export type StudyWorkerReply =
  | { ok: true; results: { index: number; result: ReturnType<typeof runStudyJob> }[] }
  | { ok: false; index: number; message: string; stack: string | undefined };

// Worker thread entry: runs the cells it is sent and replies with their results (the main thread orders them).
const port = parentPort;
if (port) {
  const { config, data } = workerData as StudyWorkerInit;
  port.on("message", (task: StudyWorkerTask) => {
    if (task === null) {
      port.close();
      return;
    }
    const results: { index: number; result: ReturnType<typeof runStudyJob> }[] = [];
    for (const { index, job } of task) {
      try {
        results.push({ index, result: runStudyJob(config, data, job) });
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        port.postMessage({ ok: false, index, message: err.message, stack: err.stack } satisfies StudyWorkerReply);
        return;
      }
    }
    port.postMessage({ ok: true, results } satisfies StudyWorkerReply);
  });
}
