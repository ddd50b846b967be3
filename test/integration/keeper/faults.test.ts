import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CrashWorld, setupCrashWorld, type WorldKeeper, worldKeeper } from "../../../src/demo/crashWorld.ts";
import { flatSeedBars } from "../../../src/demo/flatSeedBars.ts";
import { runCrash } from "../../../src/demo/runCrash.ts";
import { advanceTime, revertTo, snapshot } from "../../../src/deploy/chainControl.ts";
import type { FaultKnobs } from "../../../src/faults/FaultKnobs.ts";
import { rpcThroughProxy } from "../../../src/faults/rpcThroughProxy.ts";
import { seededRandom } from "../../../src/faults/seededRandom.ts";
import { serveProvider } from "../../../src/faults/serveProvider.ts";
import { type FaultProxy, startFaultProxy } from "../../../src/faults/startFaultProxy.ts";
import { emergencyModuleAbi } from "../../../src/guard/guardAbis.ts";
import type { TickReport } from "../../../src/keeper/Keeper.ts";
import type { UnprotectedEvent } from "../../../src/keeper/UnprotectedEvent.ts";
import { TickBudget } from "../../../src/rpc/TickBudget.ts";
import type { StoredBar } from "../../../src/store/types.ts";
import { createPinnedNetwork } from "../../helpers/createPinnedNetwork.ts";
import { signalPolicy } from "../../helpers/signalPolicy.ts";

// The keeper's RPC path goes through the fault proxy (seeded) while the crash is driven on the chain directly.
// Faults are bounded for test time (delay up to 50 ms, not the 2 s the bench uses).
const dir = mkdtempSync(path.join(tmpdir(), "alvh-faults-"));
// A −30 % crash in hourly steps: L1 (step 3), L2 (5), L3 (13, executed by the signers at 14).
// …then the price holds for three hours (the signers approve a step after delivery; a failed tick delays them).
const PRICES = [
  2000, 1990, 1960, 1920, 1880, 1840, 1800, 1760, 1720, 1690, 1660, 1620, 1560, 1500, 1440, 1400, 1400, 1400, 1400,
];
// Its first hours, for each fault alone (test time): L1 (step 3) and L2 (5).
const FIRST_HOURS = PRICES.slice(0, 7);
let w: CrashWorld;
let seeds: Map<string, StoredBar[]>;
let upstream: { url: string; close: () => Promise<void> };
let snap: string;
let n = 0;
const open: { k: WorldKeeper; proxy: FaultProxy }[] = [];

type Run = {
  ticks: number;
  completed: number;
  layers: number[];
  proposals: { layer: number; status: string; route: string }[];
  /** Layer 3 acted: an executed L3 record (the signers' Safe transaction or the EmergencyModule). */
  l3Executed: boolean;
  moduleActions: number;
  recoveredOk: boolean;
  requests: number;
  /** Every tick's report (undefined: the tick threw), with the proposals recorded after it and the alerts it raised. */
  reports: { report: TickReport | undefined; proposals: number; alerts: UnprotectedEvent[] }[];
};

async function crashThroughProxy(
  seed: number,
  faults: Partial<FaultKnobs>,
  prices = PRICES,
  /** Called before tick `n` (from 0), e.g. to change the proxy's faults. */
  beforeTick?: (n: number, proxy: FaultProxy) => void,
): Promise<Run> {
  const proxy = await startFaultProxy({ upstream: upstream.url, seed, faults });
  // Generous time limits: faults come from the proxy's seeded draws, never from a slow (loaded) test machine.
  const budget = new TickBudget(300_000);
  const rpc = rpcThroughProxy(proxy, w, {
    timeoutMs: 60_000,
    retryCount: 6,
    backoff: { baseDelayMs: 20, maxDelayMs: 200 },
    batchSize: 200,
    budget,
    random: seededRandom(seed),
  });
  const k = worldKeeper(w, {
    dbPath: path.join(dir, `f${n++}.sqlite`),
    seeds,
    backfillBars: 80,
    rpc,
    onUnprotected: (e) => void alerts.push(e),
  });
  const alerts: UnprotectedEvent[] = [];
  const reports: Run["reports"] = [];
  open.push({ k, proxy });
  let ticks = 0;
  let completed = 0;
  const tick = async (): Promise<TickReport | undefined> => {
    beforeTick?.(ticks, proxy);
    ticks++;
    let r: TickReport | undefined;
    try {
      r = await budget.run(() => k.keeper.tick());
      completed++;
    } catch {
      r = undefined;
    }
    reports.push({ report: r, proposals: k.store.listProposals().length, alerts: alerts.splice(0) });
    return r;
  };
  const run = await runCrash(w, k, prices, { approvalDelaySteps: 1, tick });
  // Faults stop: the keeper recovers on its next ticks.
  proxy.setFaults({});
  let recoveredOk = true;
  for (let i = 0; i < 2; i++) {
    const r = await tick();
    if (!r || (r.books[0]?.stale.length ?? 1) > 0) recoveredOk = false;
  }
  const logs = await w.clients.publicClient.getContractEvents({
    address: w.guard?.module,
    abi: emergencyModuleAbi,
    eventName: "Protected",
    fromBlock: 0n,
  });
  return {
    ticks: ticks - 2,
    completed: completed - (recoveredOk ? 2 : 0),
    layers: run.layersSeen,
    proposals: k.store.listProposals().map((p) => ({ layer: p.layer, status: p.status, route: p.route })),
    moduleActions: logs.length,
    l3Executed: k.store.listProposals({ status: ["executed"] }).some((p) => p.layer === 3),
    recoveredOk,
    requests: proxy.stats().requests,
    reports,
  };
}

/** Live (not superseded/failed) proposals per layer. */
function liveByLayer(r: Run): Record<number, number> {
  const out: Record<number, number> = {};
  for (const p of r.proposals)
    if (p.status !== "superseded" && p.status !== "failed") out[p.layer] = (out[p.layer] ?? 0) + 1;
  return out;
}

beforeAll(async () => {
  // The signal-driven policy (L1/L2 on RSI, MACD, drawdown; L3 on the buffer) on a pinned chain clock.
  const conn = await createPinnedNetwork();
  const publicClient = await conn.viem.getPublicClient();
  w = await setupCrashWorld(conn.provider, publicClient as never, { policy: signalPolicy() });
  upstream = await serveProvider(conn.provider as never);
  seeds = flatSeedBars(Number((await publicClient.getBlock()).timestamp) * 1000);
});
beforeEach(async () => {
  snap = await snapshot(w.clients.publicClient);
});
afterEach(async () => {
  for (const { k, proxy } of open.splice(0)) {
    k.store.close();
    await proxy.close();
  }
  await revertTo(w.clients.publicClient, snap);
});
afterAll(async () => {
  await upstream.close();
});

describe("keeper under RPC faults (through the fault proxy)", () => {
  it("steady state: one tick of one book costs at most 3 HTTP requests (counted by the proxy): the head, then every read at its block in one batch", async () => {
    const proxy = await startFaultProxy({ upstream: upstream.url, seed: 1 });
    const rpc = rpcThroughProxy(proxy, w, {
      timeoutMs: 5_000,
      retryCount: 0,
      backoff: { baseDelayMs: 0, maxDelayMs: 0 },
      batchSize: 200,
    });
    const k = worldKeeper(w, {
      dbPath: path.join(dir, `f${n++}.sqlite`),
      seeds,
      backfillBars: 80,
      rpc,
    });
    open.push({ k, proxy });
    await k.keeper.tick();
    await advanceTime(w.clients.publicClient, 60);
    proxy.resetStats();
    const r = await k.keeper.tick();
    expect(r.books[0]?.decision.status).toBe("act");
    expect(r.books[0]?.outcome).toBeUndefined();
    const s = proxy.stats();
    expect(s.requests).toBeLessThanOrEqual(3);
    // Pinned: the head asked twice in one batch (the newer answer wins); every other read names that block.
    expect(s.methods.eth_getBlockByNumber).toBe(2);
    expect(s.methods.eth_blockNumber ?? 0).toBe(0);
  });

  const alone: [string, Partial<FaultKnobs>][] = [
    ["30 % dropped connections", { drop: 0.3 }],
    ["10 % HTTP 429", { http429: 0.1 }],
    ["delays up to 50 ms", { delayMs: 50 }],
    ["20 % stale block numbers", { staleBlock: 0.2 }],
  ];
  for (const [name, faults] of alone)
    it(`${name} alone: ≥ 90 % of ticks complete, L1 and L2 proposed, no duplicates, recovery`, async () => {
      const r = await crashThroughProxy(7, faults, FIRST_HOURS);
      expect(r.completed / r.ticks).toBeGreaterThanOrEqual(0.9);
      expect([...new Set(r.layers)].sort()).toEqual([1, 2]);
      for (const count of Object.values(liveByLayer(r))) expect(count).toBe(1);
      expect(r.recoveredOk).toBe(true);
    });

  it("every read of two ticks fails (all eth_calls dropped): the ticks complete, the book is unknown with its age and alerted, nothing is proposed; once reads return the layer the crash reached (L2) is proposed, once", async () => {
    // Ticks 3 and 4 are the crash's L1 step and the one after: the L1 proposal can only come from fresh data.
    const r = await crashThroughProxy(7, {}, FIRST_HOURS, (n, proxy) =>
      n === 3 || n === 4 ? proxy.setFaults({ drop: 1 }, ["eth_call"]) : proxy.setFaults({}),
    );
    expect(r.completed).toBe(r.ticks);
    for (const n of [3, 4]) {
      const t = r.reports[n];
      const b = t?.report?.books[0];
      // …then, as the oracle's last consumed round ages, its staleness too.
      expect(b?.stale.slice(0, 3)).toEqual([
        expect.stringMatching(/^policy read failed \(.+\); using the policy read at block \d+$/),
        expect.stringMatching(/^venue read failed \(.+\); using the venue read at block \d+$/),
        expect.stringMatching(/^oracle read failed \(.+\); its bars were not advanced$/),
      ]);
      expect(b?.dataAgeSec).toBeGreaterThanOrEqual(3600 * (n - 2));
      expect(b?.outcome).toBeUndefined();
      expect(t?.proposals).toBe(r.reports[2]?.proposals);
      expect(t?.alerts).toEqual([expect.objectContaining({ book: "1", reason: "stale-data" })]);
    }
    expect(r.reports[2]?.proposals).toBe(0);
    expect(r.reports[5]?.report?.books[0]?.stale).toEqual([]);
    // Fresh again at the L2 step: L0 -> L2 directly (the L1 step passed while the book was unknown).
    expect(r.layers).toEqual([2]);
    expect(liveByLayer(r)).toEqual({ 2: 1 });
  });

  it("the mix (30 % drops, 10 % 429, delays, 20 % stale blocks): ≥ 90 % of ticks complete, L1 → L2 → L3 proposed, Layer 3 executed, no duplicates, recovery", async () => {
    const r = await crashThroughProxy(7, { drop: 0.3, http429: 0.1, delayMs: 50, staleBlock: 0.2 });
    expect(r.completed / r.ticks).toBeGreaterThanOrEqual(0.9);
    // Every layer change of the fault-free run (L1, L2, L3) is still proposed.
    expect([...new Set(r.layers)].sort()).toEqual([1, 2, 3]);
    expect({ l3Executed: r.l3Executed, proposals: r.proposals }).toMatchObject({ l3Executed: true });
    // One module action on chain = one record; at most one live proposal per layer.
    expect(r.moduleActions).toBe(r.proposals.filter((p) => p.route === "emergency-module").length);
    for (const count of Object.values(liveByLayer(r))) expect(count).toBe(1);
    expect(r.recoveredOk).toBe(true);
  });
});
