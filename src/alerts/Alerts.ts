import type { TickReport } from "../keeper/Keeper.ts";
import type { Logger } from "../log/createLogger.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { AlertChannel } from "./AlertChannel.ts";
import { AlertDeliveryError } from "./AlertError.ts";
import type { AlertEvent, BookUnprotected, UnprotectedCause } from "./AlertEvent.ts";
import { AlertOutbox } from "./AlertOutbox.ts";
import type { AlertsConfig } from "./alertsConfig.ts";
import { type CollectOptions, collectAlertEvents } from "./collectAlertEvents.ts";

const CURSOR = "proposal_events";

export type AlertsOptions = {
  store: KeeperStore;
  channels: readonly AlertChannel[];
  config: Pick<AlertsConfig, "pageUrl" | "maxAttempts" | "backoffMs" | "maxBackoffMs" | "timeoutMs">;
  threshold: CollectOptions["threshold"];
  log: Logger;
  /** Wall clock in ms (injected in tests). */
  now?: () => number;
  fetch?: typeof fetch;
};

export type FlushResult = { sent: number; retried: number; dead: number };

/**
 * Signer alerts: `collect()` turns new proposal history into events in the persisted outbox (atomically with
 * the cursor), `unprotected()` adds the keeper's "book unprotected" reports (once per episode), `flush()`
 * delivers due rows to every channel with retries and exponential backoff. Each alert carries its event id
 * (`X-ALVH-Event-Id`) so a receiver can drop the one repeat a crash between a 2xx and its bookkeeping can cause.
 */
export class Alerts {
  readonly #o: AlertsOptions;
  readonly #outbox: AlertOutbox;
  readonly #now: () => number;
  readonly #fetch: typeof fetch;

  constructor(options: AlertsOptions) {
    this.#o = options;
    this.#outbox = new AlertOutbox(options.store);
    this.#now = options.now ?? Date.now;
    this.#fetch = options.fetch ?? fetch;
    // First start with alerts: begin at the current history, do not replay the store's past as alerts.
    if (this.#outbox.cursor(CURSOR) === undefined) {
      const max = options.store.statement("SELECT COALESCE(MAX(seq), 0) AS m FROM proposal_events").get() as {
        m: number;
      };
      this.#outbox.setCursor(CURSOR, max.m);
    }
  }

  get outbox(): AlertOutbox {
    return this.#outbox;
  }

  #channelNames(): string[] {
    return this.#o.channels.map((c) => c.name);
  }

  /** Reads proposal history since the cursor into the outbox. Returns the events added. */
  async collect(): Promise<AlertEvent[]> {
    const out: AlertEvent[] = [];
    for (;;) {
      const from = this.#outbox.cursor(CURSOR) ?? 0;
      const { events, lastSeq } = await collectAlertEvents(this.#o.store, from, {
        threshold: this.#o.threshold,
        pageUrl: this.#o.config.pageUrl,
      });
      if (lastSeq === from) return out;
      this.#outbox.enqueue(events, this.#channelNames(), this.#now(), [CURSOR, lastSeq]);
      out.push(...events);
    }
  }

  /** The keeper reports a book unprotected: one alert when the episode starts, none while it lasts. */
  unprotected(u: BookUnprotected): AlertEvent | undefined {
    const key = `unprotected:${u.book}:${u.cause}`;
    if (this.#outbox.cursor(key) !== undefined) return undefined;
    const event: AlertEvent = {
      id: `${u.book}:unprotected:${u.cause}:${u.at}`,
      kind: "book-unprotected",
      at: u.at,
      book: u.book,
      proposalId: null,
      layer: null,
      title: `Book ${u.book} is NOT protected: ${u.cause.replace(/-/g, " ")}`,
      lines: [u.detail, "The keeper cannot act for this book until this is fixed."],
      link: this.#o.config.pageUrl ?? null,
      tx: null,
      signatures: null,
    };
    this.#outbox.enqueue([event], this.#channelNames(), this.#now(), [key, u.at]);
    return event;
  }

  /**
   * The keeper's `onUnprotected` hook (reliability work: `{ book, reason, message, at }`, `at` in ms) as an alert:
   * pass `(e) => alerts.onUnprotected(e)` in the keeper options.
   */
  onUnprotected(e: { book: string; reason: UnprotectedCause; message: string; at: number }): void {
    this.unprotected({ book: e.book, cause: e.reason, detail: e.message, at: Math.floor(e.at / 1000) });
  }

  /** The book is protected again for `cause`: the next report starts a new episode (and a new alert). */
  protectedAgain(book: string, cause: UnprotectedCause): void {
    this.#outbox.deleteCursor(`unprotected:${book}:${cause}`);
  }

  /** Stale data in a tick report makes the book unprotected; a fresh tick ends that episode. */
  observeTick(report: TickReport): void {
    for (const b of report.books) {
      if (b.stale.length > 0)
        this.unprotected({
          book: b.book.id,
          cause: "stale-data",
          detail: b.stale.join("; "),
          at: Math.floor(report.time / 1000),
        });
      else this.protectedAgain(b.book.id, "stale-data");
    }
  }

  /** Sends every due outbox row once; failures are rescheduled with backoff, or given up after maxAttempts. */
  async flush(): Promise<FlushResult> {
    const cfg = this.#o.config;
    const result: FlushResult = { sent: 0, retried: 0, dead: 0 };
    const lease = cfg.timeoutMs * 2 + 1_000;
    for (const row of this.#outbox.claimDue(this.#now(), lease)) {
      const channel = this.#o.channels.find((c) => c.name === row.channel);
      if (!channel) continue; // a channel removed from the config: its rows wait for it to come back
      try {
        await this.#send(channel, row.event);
        this.#outbox.markSent(row.event.id, row.channel, this.#now());
        result.sent++;
      } catch (error) {
        const attempts = row.attempts + 1;
        const dead = attempts >= cfg.maxAttempts;
        const delay = Math.min(cfg.backoffMs * 2 ** (attempts - 1), cfg.maxBackoffMs);
        this.#outbox.markFailed(row.event.id, row.channel, (error as Error).message, this.#now() + delay, dead);
        if (dead) result.dead++;
        else result.retried++;
        this.#o.log[dead ? "error" : "warn"](
          { channel: channel.name, event: row.event.id, attempts, retryInMs: dead ? null : delay, err: error },
          dead ? "alert given up" : "alert delivery failed; retrying",
        );
      }
    }
    return result;
  }

  async #send(channel: AlertChannel, event: AlertEvent): Promise<void> {
    const req = channel.request(event, Math.floor(this.#now() / 1000));
    let res: Response;
    try {
      res = await this.#fetch(req.url, {
        method: "POST",
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(this.#o.config.timeoutMs),
      });
    } catch (cause) {
      // The cause's message may contain the URL (a secret for Slack/Discord/Telegram): keep only its kind.
      throw new AlertDeliveryError(`Alert channel ${channel.name} unreachable`, {
        details: (cause as Error).name,
      });
    }
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new AlertDeliveryError(`Alert channel ${channel.name} answered HTTP ${res.status}`);
  }

  /** One collect-and-flush pass; errors are logged (the outbox keeps what was not sent). */
  async drain(): Promise<void> {
    try {
      await this.collect();
      await this.flush();
    } catch (error) {
      this.#o.log.error({ err: error }, "alerts pass failed; retried next pass");
    }
  }

  /** Collects and flushes every `intervalMs` until `signal` aborts (the keeper process runs this beside its loop). */
  async run(signal: AbortSignal, intervalMs: number): Promise<void> {
    while (!signal.aborted) {
      await this.drain();
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, intervalMs);
        signal.addEventListener(
          "abort",
          () => {
            clearTimeout(t);
            resolve();
          },
          { once: true },
        );
      });
    }
  }
}
