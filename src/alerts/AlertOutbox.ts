import { fromJson, toJson } from "../store/bigintJson.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { AlertEvent } from "./AlertEvent.ts";

export type OutboxRow = { event: AlertEvent; channel: string; attempts: number };
export type OutboxCounts = { pending: number; sent: number; dead: number };

/**
 * The persisted alert outbox (table `alert_outbox` in the keeper's store): one row per (event id, channel).
 * Events are written in the same transaction that advances their source cursor, so a crash loses none and a
 * replay after restart adds none (`INSERT OR IGNORE` on the event id). A row is claimed with a lease before it
 * is sent and marked sent after the channel's 2xx, so two keeper processes do not send it twice.
 */
export class AlertOutbox {
  readonly #store: KeeperStore;

  constructor(store: KeeperStore) {
    this.#store = store;
  }

  cursor(name: string): number | undefined {
    const row = this.#store.statement("SELECT value FROM alert_cursor WHERE name = ?").get(name) as
      | { value: number }
      | undefined;
    return row?.value;
  }

  setCursor(name: string, value: number): void {
    this.#store.statement("INSERT OR REPLACE INTO alert_cursor (name, value) VALUES (?, ?)").run(name, value);
  }

  deleteCursor(name: string): void {
    this.#store.statement("DELETE FROM alert_cursor WHERE name = ?").run(name);
  }

  /** Adds `events` for every channel and (in the same transaction) moves `cursor` to `value`. */
  enqueue(events: readonly AlertEvent[], channels: readonly string[], nowMs: number, cursor?: [string, number]): void {
    const insert = this.#store.statement(
      `INSERT OR IGNORE INTO alert_outbox (event_id, channel, kind, payload, next_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#store.db.transaction(() => {
      for (const e of events)
        for (const c of channels) insert.run(e.id, c, e.kind, toJson(e), nowMs, Math.floor(nowMs / 1000));
      if (cursor) this.setCursor(cursor[0], cursor[1]);
    })();
  }

  /** Due rows, each claimed for `leaseMs` (another process skips it meanwhile). */
  claimDue(nowMs: number, leaseMs: number, limit = 50): OutboxRow[] {
    const due = this.#store
      .statement(
        "SELECT event_id, channel FROM alert_outbox WHERE status = 'pending' AND next_at <= ? ORDER BY created_at, event_id LIMIT ?",
      )
      .all(nowMs, limit) as { event_id: string; channel: string }[];
    const claim = this.#store.statement(
      "UPDATE alert_outbox SET next_at = ? WHERE event_id = ? AND channel = ? AND status = 'pending' AND next_at <= ?",
    );
    const get = this.#store.statement("SELECT payload, attempts FROM alert_outbox WHERE event_id = ? AND channel = ?");
    const out: OutboxRow[] = [];
    for (const d of due) {
      if (claim.run(nowMs + leaseMs, d.event_id, d.channel, nowMs).changes !== 1) continue;
      const row = get.get(d.event_id, d.channel) as { payload: string; attempts: number };
      out.push({ event: fromJson<AlertEvent>(row.payload), channel: d.channel, attempts: row.attempts });
    }
    return out;
  }

  markSent(eventId: string, channel: string, nowMs: number): void {
    this.#store
      .statement(
        "UPDATE alert_outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE event_id = ? AND channel = ?",
      )
      .run(Math.floor(nowMs / 1000), eventId, channel);
  }

  /** A failed attempt: retried at `nextAtMs`, or given up (`dead`) when `dead` is set. */
  markFailed(eventId: string, channel: string, error: string, nextAtMs: number, dead: boolean): void {
    this.#store
      .statement(
        "UPDATE alert_outbox SET status = ?, attempts = attempts + 1, next_at = ?, last_error = ? WHERE event_id = ? AND channel = ?",
      )
      .run(dead ? "dead" : "pending", nextAtMs, error.slice(0, 300), eventId, channel);
  }

  counts(): OutboxCounts {
    const rows = this.#store.statement("SELECT status, COUNT(*) AS n FROM alert_outbox GROUP BY status").all() as {
      status: keyof OutboxCounts;
      n: number;
    }[];
    const out: OutboxCounts = { pending: 0, sent: 0, dead: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  }
}
