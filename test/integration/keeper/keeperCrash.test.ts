import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type CrashWorld,
  worldKeeper as makeKeeper,
  setupCrashWorld,
  type WorldKeeper,
} from "../../../src/demo/crashWorld.ts";
import { flatSeedBars } from "../../../src/demo/flatSeedBars.ts";
import { movePerpPrice } from "../../../src/demo/movePerpPrice.ts";
import { runCrash } from "../../../src/demo/runCrash.ts";
import { advanceTime, revertTo, snapshot } from "../../../src/deploy/chainControl.ts";
import { formatTickReport } from "../../../src/keeper/formatTickReport.ts";
import type { UnprotectedEvent } from "../../../src/keeper/UnprotectedEvent.ts";
import { createLogger } from "../../../src/log/createLogger.ts";
import type { Policy } from "../../../src/policy/Policy.ts";
import type { StoredBar } from "../../../src/store/types.ts";
import { toE18 } from "../../../src/venues/perp/priceMath.ts";
import { createPinnedNetwork } from "../../helpers/createPinnedNetwork.ts";
import { signalPolicy } from "../../helpers/signalPolicy.ts";

// The signal-driven policy (L1/L2 on RSI, MACD, drawdown; L3 on the buffer): every layer in turn along the crash.
const policy: Policy = signalPolicy();
const dir = mkdtempSync(path.join(tmpdir(), "alvh-keeper-it-"));
let w: CrashWorld;
let seeds: Map<string, StoredBar[]>;
let snap: string;
let n = 0;
const db = () => path.join(dir, `k${n++}.sqlite`);
// Every store is closed after its test: an open better-sqlite3 handle at worker exit aborts the process.
const open: WorldKeeper[] = [];
const worldKeeper = (...args: Parameters<typeof makeKeeper>): WorldKeeper => {
  const k = makeKeeper(...args);
  open.push(k);
  return k;
};

beforeAll(async () => {
  const conn = await createPinnedNetwork();
  const publicClient = await conn.viem.getPublicClient();
  w = await setupCrashWorld(conn.provider, publicClient as never, { policy });
  seeds = flatSeedBars(Number((await publicClient.getBlock()).timestamp) * 1000);
});
beforeEach(async () => {
  snap = await snapshot(w.clients.publicClient);
});
afterEach(async () => {
  for (const k of open.splice(0)) k.store.close();
  await revertTo(w.clients.publicClient, snap);
});

describe("keeper on the local chain", () => {
  it("raises L1, L2, L3 in turn along a crash; signed proposals execute through the Safe; the twin is liquidatable, the Safe is not", async () => {
    const k = worldKeeper(w, { dbPath: db(), seeds, backfillBars: 80 });
    // A crash of −45 % in hourly steps (the venue's mark lags one bar behind), then the price holds.
    const prices = [
      2000, 1990, 1960, 1920, 1880, 1840, 1800, 1760, 1720, 1690, 1660, 1620, 1560, 1500, 1440, 1400, 1340, 1280, 1220,
      1160, 1100, 1100,
    ];
    const run = await runCrash(w, k, prices, { approvalDelaySteps: 1 });
    await k.keeper.tick(); // the keeper sees the last execution from the chain on its next tick
    const executed = k.store.listProposals({ status: ["executed"] });
    const last = run.rows.at(-1);
    expect({
      layers: run.layersSeen.slice(0, 3),
      executedL2: executed.some((p) => p.layer === 2),
      executedL3: executed.some((p) => p.layer === 3),
      txHashes: executed.every((p) => /^0x[0-9a-f]{64}$/.test(p.executedTx ?? "")),
      twinBreachedAtEnd: last?.twinBreached,
      safeEverBreached: run.rows.some((r) => r.safeBreached),
    }).toEqual({
      layers: [1, 2, 3],
      executedL2: true,
      executedL3: true,
      txHashes: true,
      twinBreachedAtEnd: true,
      safeEverBreached: false,
    });
  });

  it("two keepers on the same book produce one proposal, with the same identity even from separate stores", async () => {
    const file = db();
    const a = worldKeeper(w, { dbPath: file, seeds, backfillBars: 80 });
    const b = worldKeeper(w, { dbPath: file, seeds, backfillBars: 80 });
    const c = worldKeeper(w, { dbPath: db(), seeds, backfillBars: 80 });
    for (const p of [1990, 1960, 1920, 1880]) {
      await advanceTime(w.clients.publicClient, 3600);
      await movePerpPrice(w.trader, w.perp, w.btc, toE18(30_000));
      await movePerpPrice(w.trader, w.perp, w.eth, toE18(p));
      const [ra, rb, rc] = [await a.keeper.tick(), await b.keeper.tick(), await c.keeper.tick()];
      expect(rb.books[0]?.decision.layer).toBe(ra.books[0]?.decision.layer);
      expect(rc.books[0]?.decision.layer).toBe(ra.books[0]?.decision.layer);
    }
    const shared = a.store.listProposals();
    expect(shared.length).toBeGreaterThanOrEqual(1);
    expect(b.store.listProposals().map((p) => p.id)).toEqual(shared.map((p) => p.id));
    expect(new Set(shared.map((p) => p.id)).size).toBe(shared.length);
    const open = a.store.openProposals();
    expect(open).toHaveLength(1);
    const other = c.store.openProposals();
    expect(other.map((p) => [p.id, p.safeTxHash])).toEqual(open.map((p) => [p.id, p.safeTxHash]));
    expect(a.store.mustGet(open[0]?.id as string).deliveries).toEqual(["local"]);
  });

  it("stale oracle data: no proposal, layer unknown with the age, an error log, metrics and the alert hook", async () => {
    const lines: string[] = [];
    const log = createLogger({
      destination: new Writable({
        write(chunk, _e, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    });
    const alerts: UnprotectedEvent[] = [];
    const k = worldKeeper(w, { dbPath: db(), seeds, backfillBars: 80, log, onUnprotected: (e) => void alerts.push(e) });
    await k.keeper.tick();
    // The oracle stops publishing while the price collapses on the pool and time passes the staleness bound.
    await advanceTime(w.clients.publicClient, policy.settings.maxStaleness + 600);
    const r = await k.keeper.tick();
    const b = r.books[0];
    expect(b?.stale.length).toBeGreaterThan(0);
    expect(b?.stale[0]).toMatch(/maxStaleness 7200s/);
    expect(b?.outcome).toBeUndefined();
    expect(k.store.listProposals()).toHaveLength(0);
    const errorLine = lines.find((l) => l.includes("stale data: not acting") && l.includes("maxStaleness"));
    expect(JSON.parse(errorLine as string)).toMatchObject({ level: 50, book: "1", unprotected: "stale-data" });
    const metrics = await k.metrics.registry.metrics();
    expect(metrics).toMatch(/alvh_stale_data_total\{book="1",source="oracle"\} 1/);
    expect(metrics).toMatch(/alvh_book_unprotected_total\{book="1",reason="stale-data"\} 1/);
    const age = b?.dataAgeSec as number;
    expect(age).toBeGreaterThan(policy.settings.maxStaleness);
    expect(metrics).toContain(`alvh_book_data_age_seconds{book="1"} ${age}`);
    expect(alerts).toEqual([
      {
        book: "1",
        reason: "stale-data",
        message: expect.stringMatching(
          /^stale data: not acting; layer unknown \(oracle ETH data is \d+s old > maxStaleness 7200s; .*stale, skipped\)$/,
        ),
        ageSec: age,
        block: r.block,
        at: r.time,
      },
    ]);
    // The tick report says the layer is unknown (not L0), with the age.
    const text = formatTickReport(r, (m) => (m.toLowerCase() === w.eth.baseToken.toLowerCase() ? "ETH" : m));
    expect(text[1]).toContain(`layer unknown (STALE, data ${age}s old; last known L0)`);
    expect(text.join("\n")).not.toMatch(/layer L0/);
  });
});
