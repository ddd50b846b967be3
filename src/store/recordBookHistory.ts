import type { KeeperStore } from "./KeeperStore.ts";

/** One book's evaluation at a tick: time (ms), layer, margin buffer (ppm) and decision status. */
export type BookHistoryPoint = { book: string; t: number; layer: number; bufferPpm: number; status: string };

/**
 * Appends each book's layer and margin buffer at a tick to `book_history` (the review page charts them over the
 * hours before a decision). Idempotent per (book, time): a repeated tick rewrites the same row.
 */
export function recordBookHistory(store: KeeperStore, points: readonly BookHistoryPoint[]): void {
  const stmt = store.statement(
    "INSERT OR REPLACE INTO book_history (book, t, layer, buffer_ppm, status) VALUES (?, ?, ?, ?, ?)",
  );
  store.db.transaction(() => {
    for (const p of points) stmt.run(p.book, Math.round(p.t), p.layer, Math.round(p.bufferPpm), p.status);
  })();
}
