import { type ChainHead, readNewestHead } from "../collectors/ChainCollector.ts";
import type { Health } from "../metrics/startMetricsServer.ts";
import type { KeeperRuntime } from "./buildKeeper.ts";
import type { TickReport } from "./Keeper.ts";

export type KeeperLoopOptions = {
  pollIntervalMs: number;
  /** Aborting stops the loop after the tick in progress (if any) has finished. */
  signal: AbortSignal;
  onTick?: (report: TickReport) => void;
};

export type KeeperLoop = {
  /** Resolves when the loop has stopped (after the abort and the last tick). */
  done: Promise<void>;
  health: () => Health;
};

/**
 * The long-running keeper: polls the latest block every `pollIntervalMs`, runs one tick per new block (at that
 * block: the poll is the tick's head read, so a steady-state tick costs the poll and one batched request), and
 * keeps going through errors (logged, counted under `alvh_errors_total{stage="tick"}`, reported by
 * `/health`). An abort never interrupts a tick: the loop finishes it, then resolves `done`.
 */
export function runKeeperLoop(rt: KeeperRuntime, options: KeeperLoopOptions): KeeperLoop {
  const { log, metrics, publicClient, keeper } = rt;
  let lastBlock: bigint | undefined;
  let lastUnread = false;
  let repeatedAt: bigint | undefined;
  let lastOkAt = 0;
  let lastError: string | undefined;
  let consecutiveErrors = 0;
  const startedAt = Date.now();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (options.signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        options.signal.removeEventListener("abort", done);
        resolve();
      }
      options.signal.addEventListener("abort", done, { once: true });
    });

  const loop = async () => {
    while (!options.signal.aborted) {
      // The poll's block is the tick's head (not read twice). An unanswered poll still ticks: the tick retries
      // the head and, failing, reports every book unknown from its last good state (alerted), unhealthy here.
      let head: ChainHead | undefined;
      let pollError: unknown;
      try {
        head = await readNewestHead(publicClient);
      } catch (error) {
        pollError = error;
      }
      try {
        // A tick that left books unknown (a failed read, old data) is repeated once at the next poll on the
        // same block; otherwise only a new block ticks.
        const again = lastUnread && repeatedAt !== lastBlock;
        if (head === undefined || lastBlock === undefined || head.number > lastBlock || again) {
          if (again) repeatedAt = lastBlock;
          const report = await rt.budget.run(() => keeper.tick(head ? { head } : {}));
          lastBlock = report.block;
          lastUnread = report.books.some((b) => b.stale.length > 0);
          log.info(
            {
              block: report.block,
              books: report.books.map((b) => ({
                book: b.book.id,
                layer: b.stale.length > 0 || b.decision.status === "stale" ? "unknown" : b.decision.layer,
                ...(b.dataAgeSec === undefined ? {} : { dataAgeSec: b.dataAgeSec }),
                status: b.decision.status,
                bufferPpm: b.decision.marginBufferPpm,
                proposal: b.outcome?.record.id ?? b.pending ?? null,
              })),
            },
            "tick",
          );
          options.onTick?.(report);
          if (pollError === undefined) {
            lastOkAt = Date.now();
            consecutiveErrors = 0;
            lastError = undefined;
          } else {
            consecutiveErrors++;
            lastError = (pollError as Error).message.split("\n")[0];
            metrics.errors.inc({ stage: "poll" });
            log.error({ err: pollError }, "polling the chain head failed; ticked on what could be read");
          }
        }
      } catch (error) {
        consecutiveErrors++;
        lastError = (error as Error).message.split("\n")[0];
        metrics.errors.inc({ stage: "tick" });
        metrics.ticks.inc({ result: "error" });
        log.error({ err: error }, "tick failed; retrying next poll");
      }
      await sleep(options.pollIntervalMs);
    }
    log.info({ lastBlock }, "keeper loop stopped");
  };

  const health = (): Health => {
    const staleAfter = Math.max(options.pollIntervalMs * 10, 30_000);
    const now = Date.now();
    const ok = consecutiveErrors < 3 && (lastOkAt > 0 ? now - lastOkAt < staleAfter : now - startedAt < staleAfter);
    return {
      ok,
      lastTickBlock: lastBlock === undefined ? null : lastBlock.toString(),
      lastTickAgoMs: lastOkAt > 0 ? now - lastOkAt : null,
      consecutiveErrors,
      lastError: lastError ?? null,
      books: rt.books.map((b) => b.id),
    };
  };

  return { done: loop(), health };
}
