import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { fromJson, toJson } from "./bigintJson.ts";
import { migrations } from "./migrations.ts";
import { type ProposalRow, recordFromRow } from "./proposalRow.ts";
import { StoreError } from "./StoreError.ts";
import {
  type FundingPoint,
  type NewProposal,
  OPEN_STATUSES,
  type ProposalEvent,
  type ProposalRecord,
  type ProposalStatus,
  type StoredBar,
} from "./types.ts";

export type KeeperStoreOptions = {
  /** Unix seconds; injected so tests are deterministic. */
  now?: () => number;
  /** Open an existing store read-only (review tools): no migration, no writes; a newer schema is refused. */
  readonly?: boolean;
};

/**
 * The keeper's durable state in SQLite (WAL): bars and funding (so indicators survive restarts), per-book
 * keeper state, and proposals with their evidence, signatures and status history. Safe for several
 * processes on one file: every write is a single statement or a transaction, and the proposal id is the
 * primary key, so two keepers recording the same proposal end with one row.
 */
export class KeeperStore {
  readonly db: Database.Database;
  readonly #now: () => number;
  /**
   * Prepared statements, one per SQL text, kept for the store's lifetime. better-sqlite3 finalizes a statement
   * when it is garbage collected, and on Node 24 that finalizer can abort the process
   * (`RemoveEnvironmentCleanupHook: (env) != nullptr`); reusing statements keeps them out of the GC.
   */
  readonly #stmts = new Map<string, Database.Statement>();

  constructor(file: string, options: KeeperStoreOptions = {}) {
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
    try {
      if (options.readonly) {
        this.db = new Database(file, { readonly: true, fileMustExist: true });
        this.db.pragma("busy_timeout = 5000");
        this.#migrate(false);
        return;
      }
      if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
      this.db = new Database(file);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("busy_timeout = 5000");
      this.db.pragma("foreign_keys = ON");
      this.#migrate();
    } catch (cause) {
      throw new StoreError("Cannot open the keeper store", { metaMessages: [`file: ${file}`], cause });
    }
  }

  #migrate(apply = true): void {
    const current = this.db.pragma("user_version", { simple: true }) as number;
    if (current > migrations.length)
      throw new StoreError("Store schema is newer than this keeper", {
        metaMessages: [`schema ${current}, keeper knows ${migrations.length}`],
      });
    for (let v = current; apply && v < migrations.length; v++) {
      this.db.transaction(() => {
        this.db.exec(migrations[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  #stmt(sql: string): Database.Statement {
    let st = this.#stmts.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.#stmts.set(sql, st);
    }
    return st;
  }

  /** A prepared statement kept for the store's lifetime (for store extensions: outbox, history, read model). */
  statement(sql: string): Database.Statement {
    return this.#stmt(sql);
  }

  schemaVersion(): number {
    return this.db.pragma("user_version", { simple: true }) as number;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- bars -------------------------------------------------------------------------------------

  /** Inserts or replaces bars (a bar still forming may be rewritten as it updates). */
  upsertBars(market: string, interval: number, bars: readonly StoredBar[]): void {
    const stmt = this.#stmt(
      "INSERT OR REPLACE INTO bars (market, interval, t, open, high, low, close) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    this.db.transaction(() => {
      for (const b of bars) stmt.run(market, interval, b.t, b.open, b.high, b.low, b.close);
    })();
  }

  /** The last `limit` bars (oldest first) with open time ≤ `until`. */
  loadBars(market: string, interval: number, limit = 10_000, until = Number.MAX_SAFE_INTEGER): StoredBar[] {
    const rows = this.#stmt(
      "SELECT t, open, high, low, close FROM bars WHERE market = ? AND interval = ? AND t <= ? ORDER BY t DESC LIMIT ?",
    ).all(market, interval, until, limit) as StoredBar[];
    return rows.reverse();
  }

  latestBar(market: string, interval: number): StoredBar | undefined {
    return this.loadBars(market, interval, 1)[0];
  }

  // ---- funding ----------------------------------------------------------------------------------

  upsertFunding(market: string, points: readonly FundingPoint[]): void {
    const stmt = this.#stmt("INSERT OR REPLACE INTO funding (market, t, rate) VALUES (?, ?, ?)");
    this.db.transaction(() => {
      for (const p of points) stmt.run(market, p.t, p.rate);
    })();
  }

  loadFunding(market: string, limit = 1_000): FundingPoint[] {
    const rows = this.#stmt("SELECT t, rate FROM funding WHERE market = ? ORDER BY t DESC LIMIT ?").all(
      market,
      limit,
    ) as FundingPoint[];
    return rows.reverse();
  }

  // ---- keeper state -----------------------------------------------------------------------------

  saveState(book: string, state: unknown): void {
    this.#stmt("INSERT OR REPLACE INTO keeper_state (book, state, updated_at) VALUES (?, ?, ?)").run(
      book,
      toJson(state),
      this.#now(),
    );
  }

  loadState<T>(book: string): T | undefined {
    const row = this.#stmt("SELECT state FROM keeper_state WHERE book = ?").get(book) as { state: string } | undefined;
    return row ? fromJson<T>(row.state) : undefined;
  }

  // ---- proposals --------------------------------------------------------------------------------

  /**
   * Records a proposal before it is delivered. Idempotent on `id`: when the row exists (a restarted or a
   * second keeper), nothing is written and `inserted` is false.
   */
  recordProposal(p: NewProposal): { inserted: boolean; record: ProposalRecord } {
    const now = this.#now();
    const inserted = this.db.transaction(() => {
      const res = this.#insertProposal(p, now, "recorded", null, "safe");
      if (res.changes !== 1) return false;
      this.#event(p.id, "recorded", null, now);
      if (p.proposerSignature)
        this.#stmt(
          "INSERT OR IGNORE INTO signatures (proposal_id, signer, signature, created_at) VALUES (?, ?, ?, ?)",
        ).run(p.id, p.proposerSignature.signer.toLowerCase(), p.proposerSignature.signature, now);
      return true;
    })();
    return { inserted, record: this.mustGet(p.id) };
  }

  /**
   * Records an action the EmergencyModule already executed on chain (`txHash`), as an executed proposal with
   * route `emergency-module`: the signers see it in `alvh proposals list/show`, and the hedge ledger counts it.
   * Idempotent on `id`.
   */
  recordEmergencyAction(p: Omit<NewProposal, "proposerSignature">, txHash: string, chainTime?: number): ProposalRecord {
    const now = this.#now();
    this.db.transaction(() => {
      const res = this.#insertProposal(p, now, "executed", txHash, "emergency-module", chainTime);
      if (res.changes === 1)
        this.#event(p.id, "executed", "executed by the EmergencyModule (Layer 3, no signatures)", now);
    })();
    return this.mustGet(p.id);
  }

  /** One INSERT OR IGNORE for every way a proposal row is born (recorded by the keeper, or an emergency action). */
  #insertProposal(
    p: Omit<NewProposal, "proposerSignature">,
    now: number,
    status: "recorded" | "executed",
    executedTx: string | null,
    route: "safe" | "emergency-module",
    executedAt?: number,
  ) {
    return this.#stmt(
      `INSERT OR IGNORE INTO proposals (id, book, chain_id, safe, safe_nonce, safe_tx_hash, policy_version,
         policy_hash, layer, plan_key, block, tx, evidence, intents, built_on, nonce_settled, executed_at, status,
         executed_tx, route, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      p.id,
      p.book,
      p.chainId,
      p.safe,
      p.safeNonce,
      p.safeTxHash,
      p.policyVersion,
      p.policyHash,
      p.layer,
      p.planKey,
      Number(p.block),
      toJson(p.tx),
      toJson(p.evidence),
      toJson(p.intents),
      p.builtOn === undefined ? null : toJson(p.builtOn),
      status === "executed" ? 1 : 0,
      executedAt ?? null,
      status,
      executedTx,
      route,
      now,
      now,
    );
  }

  getProposal(id: string): ProposalRecord | undefined {
    const row = this.#stmt("SELECT * FROM proposals WHERE id = ?").get(id) as ProposalRow | undefined;
    return row ? this.#toRecord(row) : undefined;
  }

  /** Finds a proposal by its full id, or a unique prefix of it (as the CLI accepts). */
  findProposal(idOrPrefix: string): ProposalRecord | undefined {
    const exact = this.getProposal(idOrPrefix);
    if (exact) return exact;
    const rows = this.#stmt("SELECT * FROM proposals WHERE id LIKE ? LIMIT 2").all(
      `${idOrPrefix.toLowerCase()}%`,
    ) as ProposalRow[];
    if (rows.length > 1)
      throw new StoreError("Ambiguous proposal id prefix", { metaMessages: [`prefix: ${idOrPrefix}`] });
    return rows[0] ? this.#toRecord(rows[0]) : undefined;
  }

  mustGet(id: string): ProposalRecord {
    const r = this.getProposal(id);
    if (!r) throw new StoreError("Unknown proposal", { metaMessages: [`id: ${id}`] });
    return r;
  }

  listProposals(filter: { book?: string; status?: readonly ProposalStatus[] } = {}): ProposalRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.book !== undefined) {
      where.push("book = ?");
      args.push(filter.book);
    }
    if (filter.status !== undefined && filter.status.length > 0) {
      where.push(`status IN (${filter.status.map(() => "?").join(",")})`);
      args.push(...filter.status);
    }
    const sql = `SELECT * FROM proposals ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at, rowid`;
    return (this.#stmt(sql).all(...args) as ProposalRow[]).map((r) => this.#toRecord(r));
  }

  /** Proposals of a book still waiting for signatures or execution. */
  openProposals(book?: string): ProposalRecord[] {
    return this.listProposals({ ...(book === undefined ? {} : { book }), status: OPEN_STATUSES });
  }

  /**
   * Marks a delivery through `backend`. Returns true only the first time for that (proposal, backend):
   * the caller skips the external call otherwise, so delivery is idempotent across restarts.
   */
  claimDelivery(id: string, backend: string): boolean {
    const res = this.#stmt("INSERT OR IGNORE INTO deliveries (proposal_id, backend, at) VALUES (?, ?, ?)").run(
      id,
      backend,
      this.#now(),
    );
    return res.changes === 1;
  }

  /** Undo a claim whose external delivery failed, so the next tick retries it. */
  releaseDelivery(id: string, backend: string): void {
    this.#stmt("DELETE FROM deliveries WHERE proposal_id = ? AND backend = ?").run(id, backend);
  }

  markDelivered(id: string): void {
    this.#transition(id, "delivered", null, ["recorded"]);
  }

  /** Stores a signature (idempotent per signer) and moves the proposal to `signed`. */
  addSignature(id: string, signer: string, signature: string): ProposalRecord {
    const now = this.#now();
    this.db.transaction(() => {
      this.mustGet(id);
      this.#stmt(
        "INSERT OR REPLACE INTO signatures (proposal_id, signer, signature, created_at) VALUES (?, ?, ?, ?)",
      ).run(id, signer.toLowerCase(), signature, now);
      this.#transition(id, "signed", null, ["recorded", "delivered", "signed"]);
    })();
    return this.mustGet(id);
  }

  /**
   * Proposals whose Safe nonce is not used yet, whatever their status (open, or superseded: signers may still
   * execute one from the Safe UI). The tracker watches these until the nonce is used.
   */
  trackedProposals(): ProposalRecord[] {
    const sql = `SELECT * FROM proposals WHERE route = 'safe' AND nonce_settled = 0
       AND status IN ('recorded', 'delivered', 'signed', 'superseded') ORDER BY created_at, rowid`;
    return (this.#stmt(sql).all() as ProposalRow[]).map((r) => this.#toRecord(r));
  }

  /** The proposal's Safe nonce was used (by it or by another transaction): it is no longer tracked. */
  settleNonce(id: string): void {
    this.#stmt("UPDATE proposals SET nonce_settled = 1 WHERE id = ?").run(id);
  }

  /** Executed on chain (also from `superseded`: the signers executed it after the keeper withdrew it). */
  markExecuted(id: string, txHash: string | null, at?: { chainTime?: number; reason?: string }): void {
    this.db.transaction(() => {
      if (this.#transition(id, "executed", at?.reason ?? null, [...OPEN_STATUSES, "superseded"]))
        this.#stmt("UPDATE proposals SET executed_tx = ?, nonce_settled = 1, executed_at = ? WHERE id = ?").run(
          txHash,
          at?.chainTime ?? null,
          id,
        );
    })();
  }

  markSuperseded(id: string, reason: string, by: string | null): boolean {
    return this.db.transaction(() => {
      const moved = this.#transition(id, "superseded", reason, OPEN_STATUSES);
      if (moved) this.#stmt("UPDATE proposals SET superseded_by = ? WHERE id = ?").run(by, id);
      return moved;
    })();
  }

  markFailed(id: string, reason: string): boolean {
    const moved = this.#transition(id, "failed", reason, [...OPEN_STATUSES, "superseded"]);
    if (moved) this.settleNonce(id);
    return moved;
  }

  /** A superseded proposal whose exact plan comes back (same id) is opened again instead of duplicated. */
  reopen(id: string, reason: string): boolean {
    return this.#transition(id, "recorded", reason, ["superseded"]);
  }

  events(id: string): ProposalEvent[] {
    return (
      this.#stmt("SELECT proposal_id, status, reason, at FROM proposal_events WHERE proposal_id = ? ORDER BY seq").all(
        id,
      ) as { proposal_id: string; status: ProposalStatus; reason: string | null; at: number }[]
    ).map((e) => ({ proposalId: e.proposal_id, status: e.status, reason: e.reason, at: e.at }));
  }

  #transition(id: string, to: ProposalStatus, reason: string | null, from: readonly ProposalStatus[]): boolean {
    const now = this.#now();
    const res = this.#stmt(
      `UPDATE proposals SET status = ?, status_reason = ?, updated_at = ?
         WHERE id = ? AND status IN (${from.map(() => "?").join(",")})`,
    ).run(to, reason, now, id, ...from);
    if (res.changes === 1) this.#event(id, to, reason, now);
    return res.changes === 1;
  }

  #event(id: string, status: ProposalStatus, reason: string | null, at: number): void {
    this.#stmt("INSERT INTO proposal_events (proposal_id, status, reason, at) VALUES (?, ?, ?, ?)").run(
      id,
      status,
      reason,
      at,
    );
  }

  #toRecord(r: ProposalRow): ProposalRecord {
    const signatures = (
      this.#stmt("SELECT signer, signature, created_at FROM signatures WHERE proposal_id = ? ORDER BY signer").all(
        r.id,
      ) as { signer: string; signature: string; created_at: number }[]
    ).map((s) => ({ signer: s.signer, signature: s.signature, createdAt: s.created_at }));
    const deliveries = (
      this.#stmt("SELECT backend FROM deliveries WHERE proposal_id = ? ORDER BY at").all(r.id) as {
        backend: string;
      }[]
    ).map((d) => d.backend);
    return recordFromRow(r, signatures, deliveries);
  }
}
