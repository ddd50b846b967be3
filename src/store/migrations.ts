/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Append only: never edit a migration that has shipped.
 */
export const migrations: readonly string[] = [
  // 1: bars, funding, keeper state, proposals with evidence, signatures, status history
  `
  CREATE TABLE bars (
    market TEXT NOT NULL,
    interval INTEGER NOT NULL,
    t INTEGER NOT NULL,
    open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL,
    PRIMARY KEY (market, interval, t)
  ) WITHOUT ROWID;
  CREATE TABLE funding (
    market TEXT NOT NULL,
    t INTEGER NOT NULL,
    rate REAL NOT NULL,
    PRIMARY KEY (market, t)
  ) WITHOUT ROWID;
  CREATE TABLE keeper_state (
    book TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    book TEXT NOT NULL,
    chain_id INTEGER NOT NULL,
    safe TEXT NOT NULL,
    safe_nonce INTEGER NOT NULL,
    safe_tx_hash TEXT NOT NULL,
    policy_version INTEGER NOT NULL,
    policy_hash TEXT NOT NULL,
    layer INTEGER NOT NULL,
    plan_key TEXT NOT NULL,
    block INTEGER NOT NULL,
    tx TEXT NOT NULL,
    evidence TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('recorded','delivered','signed','executed','superseded','failed')),
    status_reason TEXT,
    superseded_by TEXT,
    executed_tx TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX proposals_book_status ON proposals (book, status);
  CREATE INDEX proposals_safe_tx_hash ON proposals (safe_tx_hash);
  CREATE TABLE signatures (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    signer TEXT NOT NULL,
    signature TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, signer)
  ) WITHOUT ROWID;
  CREATE TABLE proposal_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    at INTEGER NOT NULL
  );
  CREATE TABLE deliveries (
    proposal_id TEXT NOT NULL,
    backend TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, backend)
  ) WITHOUT ROWID;
  `,
  // 2: how a record reached the chain: a Safe transaction signed by the owners, or an EmergencyModule action
  // (Layer 3, no signatures; recorded as executed so the signers see it).
  `ALTER TABLE proposals ADD COLUMN route TEXT NOT NULL DEFAULT 'safe' CHECK (route IN ('safe','emergency-module'));`,
  // 3: signers' alerts and review page. `alert_outbox`: one row per (alert event, channel), written in the same
  // transaction that advances `alert_cursor`, so a crash neither loses nor duplicates an alert; `book_history`:
  // layer and margin buffer per book and tick, for the review page's chart.
  `
  CREATE TABLE alert_outbox (
    event_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    PRIMARY KEY (event_id, channel)
  ) WITHOUT ROWID;
  CREATE INDEX alert_outbox_due ON alert_outbox (status, next_at);
  CREATE TABLE alert_cursor (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE book_history (
    book TEXT NOT NULL,
    t INTEGER NOT NULL,
    layer INTEGER NOT NULL,
    buffer_ppm INTEGER NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (book, t)
  ) WITHOUT ROWID;
  `,
  // 4: typed columns for the action layer: the intents a record carries (the hedge ledger's source), the venue
  // facts its plan was built on (reconcile supersedes it when they change), and whether its Safe nonce has been
  // used (a proposal stays tracked until then, whatever its status, so one signers execute after it was
  // superseded is still seen), and the chain time of an execution (the cooldown counts executed actions only).
  // Existing rows get their intents from the evidence they stored.
  `
  ALTER TABLE proposals ADD COLUMN intents TEXT;
  ALTER TABLE proposals ADD COLUMN built_on TEXT;
  ALTER TABLE proposals ADD COLUMN nonce_settled INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE proposals ADD COLUMN executed_at INTEGER;
  UPDATE proposals SET intents = json_extract(evidence, '$.plan.intents') WHERE json_valid(evidence);
  UPDATE proposals SET nonce_settled = 1 WHERE status IN ('executed', 'failed') OR route = 'emergency-module';
  `,
  // 5: which chain, deployment and books the store belongs to (checked at start; a mismatch refuses to start).
  `CREATE TABLE store_identity (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`,
];
