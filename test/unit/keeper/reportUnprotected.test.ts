import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { reportUnprotected } from "../../../src/keeper/reportUnprotected.ts";
import type { UnprotectedEvent } from "../../../src/keeper/UnprotectedEvent.ts";
import { createLogger } from "../../../src/log/createLogger.ts";
import { createKeeperMetrics } from "../../../src/metrics/KeeperMetrics.ts";

const event: UnprotectedEvent = {
  book: "1",
  reason: "module-failed",
  message: "EmergencyModule call failed",
  block: 7n,
  at: 1,
};

function ctx() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    destination: new Writable({
      write(chunk, _e, cb) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        cb();
      },
    }),
  });
  return { lines, log, metrics: createKeeperMetrics() };
}

describe("reportUnprotected", () => {
  it("logs at error level, counts the metric and calls the hook with the event", async () => {
    const c = ctx();
    const got: UnprotectedEvent[] = [];
    reportUnprotected({ ...c, onUnprotected: (e) => void got.push(e) }, event);
    expect(got).toEqual([event]);
    expect(c.lines[0]).toMatchObject({ level: 50, book: "1", unprotected: "module-failed", block: "7" });
    expect(await c.metrics.registry.metrics()).toMatch(
      /alvh_book_unprotected_total\{book="1",reason="module-failed"\} 1/,
    );
  });

  it("a hook that throws or rejects is logged, never thrown", async () => {
    const c = ctx();
    reportUnprotected(
      {
        ...c,
        onUnprotected: () => {
          throw new Error("pager down");
        },
      },
      event,
    );
    reportUnprotected({ ...c, onUnprotected: () => Promise.reject(new Error("chat down")) }, event);
    await new Promise((r) => setTimeout(r, 0));
    const hookErrors = c.lines.filter((l) => l.msg === "onUnprotected hook failed");
    expect(hookErrors.map((l) => (l.err as { message: string }).message)).toEqual(["pager down", "chat down"]);
  });
});
