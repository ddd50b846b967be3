import { describe, expect, it } from "vitest";
import type { ChainHead } from "../../../src/collectors/ChainCollector.ts";
import type { KeeperRuntime } from "../../../src/keeper/buildKeeper.ts";
import type { TickReport } from "../../../src/keeper/Keeper.ts";
import { runKeeperLoop } from "../../../src/keeper/runKeeperLoop.ts";
import { createLogger } from "../../../src/log/createLogger.ts";
import { createKeeperMetrics } from "../../../src/metrics/KeeperMetrics.ts";
import { TickBudget } from "../../../src/rpc/TickBudget.ts";

/** `runKeeperLoop` against a scripted poll and a fake keeper: what each tick is given, and health. */
function loopWith(polls: readonly (ChainHead | Error)[], unread: ReadonlySet<number> = new Set()) {
  const ticks: ({ head?: ChainHead | undefined } | undefined)[] = [];
  const ac = new AbortController();
  let n = 0;
  const publicClient = {
    // Each poll asks for the head twice (one batch); both answers come from the same scripted poll.
    getBlock: async () => {
      const i = Math.min(n++ >> 1, polls.length - 1);
      const p = polls[i] as ChainHead | Error;
      if (n >= polls.length * 2) ac.abort();
      if (p instanceof Error) throw p;
      return { number: p.number, timestamp: BigInt(p.timestamp) };
    },
  };
  let lastHead: ChainHead = { number: 0n, timestamp: 0 };
  const keeper = {
    tick: async (o?: { head?: ChainHead | undefined }): Promise<TickReport> => {
      ticks.push(o);
      lastHead = o?.head ?? lastHead;
      // Ticks listed in `unread` report a book whose reads failed.
      const books = unread.has(ticks.length) ? [{ stale: ["venue read failed"] }] : [];
      return {
        block: lastHead.number,
        time: 0,
        books,
        tracked: [],
        recovered: [],
        delivered: 0,
        strategyMs: 0,
      } as unknown as TickReport;
    },
  };
  const rt = {
    log: createLogger({ level: "silent" }),
    metrics: createKeeperMetrics(),
    publicClient,
    keeper,
    budget: new TickBudget(10_000),
    books: [],
  } as unknown as KeeperRuntime;
  const loop = runKeeperLoop(rt, { pollIntervalMs: 1, signal: ac.signal });
  return { loop, ticks };
}

describe("keeper loop", () => {
  it("ticks at the polled block (the head is not read twice) and only when it advanced", async () => {
    const h = (n: bigint) => ({ number: n, timestamp: 1_000 + Number(n) });
    const { loop, ticks } = loopWith([h(5n), h(5n), h(6n)]);
    await loop.done;
    expect(ticks).toEqual([{ head: h(5n) }, { head: h(6n) }]);
    expect(loop.health()).toMatchObject({ ok: true, consecutiveErrors: 0, lastTickBlock: "6" });
  });

  it("a tick that left a book unread is repeated once at the next poll on the same block", async () => {
    const h = (n: bigint) => ({ number: n, timestamp: 1_000 + Number(n) });
    const { loop, ticks } = loopWith([h(5n), h(5n), h(5n), h(5n), h(6n)], new Set([1, 2]));
    await loop.done;
    expect(ticks).toEqual([{ head: h(5n) }, { head: h(5n) }, { head: h(6n) }]);
  });

  it("an unanswered poll still ticks (the tick reads what it can and reports the rest stale) and counts against health", async () => {
    const { loop, ticks } = loopWith([{ number: 5n, timestamp: 1_005 }, new Error("HTTP request failed.")]);
    await loop.done;
    expect(ticks).toEqual([{ head: { number: 5n, timestamp: 1_005 } }, {}]);
    expect(loop.health()).toMatchObject({ consecutiveErrors: 1, lastError: "HTTP request failed." });
  });
});
