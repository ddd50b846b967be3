import type { Logger } from "../log/createLogger.ts";
import type { KeeperMetrics } from "../metrics/KeeperMetrics.ts";
import type { OnUnprotected, UnprotectedEvent } from "./UnprotectedEvent.ts";

/**
 * Makes an unprotected book loud: an `error` log line, `alvh_book_unprotected_total{book,reason}`, and the
 * operator's `onUnprotected` hook (its failures are logged, never thrown).
 */
export function reportUnprotected(
  ctx: { log: Logger; metrics?: KeeperMetrics | undefined; onUnprotected?: OnUnprotected | undefined },
  event: UnprotectedEvent,
): void {
  ctx.log.error(
    {
      book: event.book,
      unprotected: event.reason,
      ...(event.ageSec === undefined ? {} : { ageSec: event.ageSec }),
      ...(event.block === undefined ? {} : { block: event.block }),
    },
    `book ${event.book} UNPROTECTED (${event.reason}): ${event.message}`,
  );
  ctx.metrics?.unprotected.inc({ book: event.book, reason: event.reason });
  if (!ctx.onUnprotected) return;
  const fail = (error: unknown) => ctx.log.error({ err: error, book: event.book }, "onUnprotected hook failed");
  try {
    const r = ctx.onUnprotected(event);
    if (r && typeof (r as Promise<void>).catch === "function") (r as Promise<void>).catch(fail);
  } catch (error) {
    fail(error);
  }
}
