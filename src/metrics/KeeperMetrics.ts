import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** The keeper's Prometheus metrics, on their own registry (no global state, one per keeper). */
export type KeeperMetrics = ReturnType<typeof createKeeperMetrics>;

export function createKeeperMetrics() {
  const registry = new Registry();
  const opts = { registers: [registry] };
  return {
    registry,
    ticks: new Counter({ name: "alvh_ticks_total", help: "Keeper ticks run", labelNames: ["result"], ...opts }),
    tickSeconds: new Histogram({
      name: "alvh_tick_duration_seconds",
      help: "Wall time of one keeper tick",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      ...opts,
    }),
    lastTickBlock: new Gauge({ name: "alvh_last_tick_block", help: "Block number of the last tick", ...opts }),
    staleData: new Counter({
      name: "alvh_stale_data_total",
      help: "Ticks where a book's data was older than its policy's maxStaleness and was not acted on",
      labelNames: ["book", "source"],
      ...opts,
    }),
    layer: new Gauge({
      name: "alvh_book_layer",
      help: "Active ALVH layer per book (0 = none)",
      labelNames: ["book"],
      ...opts,
    }),
    marginBufferPpm: new Gauge({
      name: "alvh_margin_buffer_ppm",
      help: "(account value - maintenance requirement) / account value, ppm",
      labelNames: ["book"],
      ...opts,
    }),
    policyVersion: new Gauge({
      name: "alvh_policy_version",
      help: "Policy version in force per book",
      labelNames: ["book"],
      ...opts,
    }),
    proposals: new Counter({
      name: "alvh_proposals_total",
      help: "Proposal lifecycle transitions",
      labelNames: ["book", "status"],
      ...opts,
    }),
    skipped: new Counter({
      name: "alvh_books_skipped_total",
      help: "Book evaluations skipped (paused, stale, cooldown, missing data)",
      labelNames: ["book", "reason"],
      ...opts,
    }),
    unprotected: new Counter({
      name: "alvh_book_unprotected_total",
      help: "Times a book was found unprotected (stale-data, module-failed, config-refused)",
      labelNames: ["book", "reason"],
      ...opts,
    }),
    dataAgeSeconds: new Gauge({
      name: "alvh_book_data_age_seconds",
      help: "Age of the oracle data a book's last decision used (s)",
      labelNames: ["book"],
      ...opts,
    }),
    rpcRequests: new Counter({
      name: "alvh_rpc_http_requests_total",
      help: "HTTP requests sent to JSON-RPC endpoints (a batch counts once), by endpoint index in rpcUrls",
      labelNames: ["endpoint"],
      ...opts,
    }),
    rpcErrors: new Counter({
      name: "alvh_rpc_errors_total",
      help: "Failed JSON-RPC attempts by endpoint index and whether they were retried as transient",
      labelNames: ["endpoint", "transient"],
      ...opts,
    }),
    errors: new Counter({ name: "alvh_errors_total", help: "Errors by stage", labelNames: ["stage"], ...opts }),
    ledgerDisagreements: new Counter({
      name: "alvh_ledger_disagreements_total",
      help: "Ticks on which the hedge ledger (executed records) disagreed with the venue's positions",
      labelNames: ["book", "kind"],
      ...opts,
    }),
    actions: new Counter({
      name: "alvh_actions_total",
      help: "Reconcile actions by kind (propose, supersede, protect, skip) and reason code",
      labelNames: ["book", "kind", "code"],
      ...opts,
    }),
  };
}
