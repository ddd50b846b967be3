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
  // 3: which chain, deployment and books the store belongs to (checked at start; a mismatch refuses to start).
  `CREATE TABLE store_identity (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`,
];
