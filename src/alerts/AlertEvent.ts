/** What a signer is told about. `book-unprotected` comes from the keeper (stale data, module failure, config). */
export const ALERT_KINDS = [
  "proposal-created",
  "signatures-needed",
  "proposal-executed",
  "proposal-failed",
  "proposal-superseded",
  "emergency-executed",
  "book-unprotected",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * One alert, channel-independent. `id` is stable for the fact it reports (e.g. `<proposal>:executed`), so the
 * outbox and receivers deduplicate on it.
 */
export type AlertEvent = {
  id: string;
  kind: AlertKind;
  /** Unix seconds of the fact (the store's event time). */
  at: number;
  book: string;
  proposalId: string | null;
  layer: number | null;
  /** One line: what happened. */
  title: string;
  /** Further lines: numbers and what to do. */
  lines: string[];
  /** The proposal's review page (when a page URL is configured). */
  link: string | null;
  /** Transaction hash for executed actions. */
  tx: string | null;
  signatures: { have: number; threshold: number | null } | null;
};

/** Why a book is not protected right now (the keeper's reliability checks raise these). */
export type UnprotectedCause = "stale-data" | "module-failed" | "config-refused";

/** The keeper's report that a book is unprotected (see `Alerts.unprotected`). */
export type BookUnprotected = { book: string; cause: UnprotectedCause; detail: string; at: number };
