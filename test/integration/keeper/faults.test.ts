import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import hre from "hardhat";
import { createPublicClient, type PublicClient } from "viem";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CrashWorld, setupCrashWorld, type WorldKeeper, worldKeeper } from "../../../src/demo/crashWorld.ts";
import { runCrash } from "../../../src/demo/runCrash.ts";
import { revertTo, snapshot } from "../../../src/deploy/chainControl.ts";
import type { FaultKnobs } from "../../../src/faults/FaultKnobs.ts";
import { seededRandom } from "../../../src/faults/seededRandom.ts";
import { serveProvider } from "../../../src/faults/serveProvider.ts";
import { type FaultProxy, startFaultProxy } from "../../../src/faults/startFaultProxy.ts";
import { emergencyModuleAbi } from "../../../src/guard/guardAbis.ts";
import type { TickReport } from "../../../src/keeper/Keeper.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { createRpcTransport } from "../../../src/rpc/createRpcTransport.ts";
import { TickBudget } from "../../../src/rpc/TickBudget.ts";
import type { StoredBar } from "../../../src/store/types.ts";

// The keeper's RPC path goes through the fault proxy (seeded) while the crash is driven on the chain directly.
// Faults are bounded for test time (delay up to 50 ms, not the 2 s the bench uses).
const dir = mkdtempSync(path.join(tmpdir(), "alvh-faults-"));
// A −30 % crash in hourly steps: L1 (step 3), L2 (5), L3 (13, executed by the signers at 14).
const PRICES = [2000, 1990, 1960, 1920, 1880, 1840, 1800, 1760, 1720, 1690, 1660, 1620, 1560, 1500, 1440, 1400];
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
};

async function crashThroughProxy(seed: number, faults: Partial<FaultKnobs>): Promise<Run> {
  const proxy = await startFaultProxy({ upstream: upstream.url, seed, faults });
  const budget = new TickBudget(20_000);
  const transport = createRpcTransport({
    urls: [proxy.url],
    timeoutMs: 2_000,
    retryCount: 6,
    backoff: { baseDelayMs: 20, maxDelayMs: 200 },
    batchSize: 200,
    budget,
    random: seededRandom(seed),
  });
  const publicClient = createPublicClient({ chain: w.clients.publicClient.chain, transport }) as PublicClient;
  const k = worldKeeper(w, {
    dbPath: path.join(dir, `f${n++}.sqlite`),
    seeds,
    backfillBars: 80,
    rpc: { publicClient, transport },
  });
  open.push({ k, proxy });
  let ticks = 0;
  let completed = 0;
  const tick = async (): Promise<TickReport | undefined> => {
    ticks++;
    try {
      const r = await budget.run(() => k.keeper.tick());
      completed++;
      return r;
    } catch {
      return undefined;
    }
  };
  const run = await runCrash(w, k, PRICES, { approvalDelaySteps: 1, tick });
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
  const conn = await hre.network.create();
  const publicClient = await conn.viem.getPublicClient();
  w = await setupCrashWorld(conn.provider, publicClient as never, { policy: defaultPolicy() });
  upstream = await serveProvider(conn.provider as never);
  const block = await publicClient.getBlock();
  const start = Math.floor(Number(block.timestamp) / 3600) * 3600 * 1000;
  const flat = (p0: number): StoredBar[] =>
    Array.from({ length: 80 }, (_, i) => {
      const p = p0 * (1 + 0.002 * Math.sin(i));
      return { t: start - (80 - i) * 3_600_000, open: p, high: p * 1.001, low: p * 0.999, close: p };
    });
  seeds = new Map([
    ["ETH", flat(2000)],
    ["BTC", flat(30_000)],
  ]);
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
  it("without faults: every tick completes, L1 → L2 → L3, Layer 3 executed", async () => {
    const baseline = await crashThroughProxy(1, {});
    expect(baseline.completed).toBe(baseline.ticks);
    expect(baseline.layers.slice(0, 3)).toEqual([1, 2, 3]);
    expect(baseline.l3Executed).toBe(true);
    expect(baseline.moduleActions).toBe(baseline.proposals.filter((p) => p.route === "emergency-module").length);
  });

  const cases: [string, Partial<FaultKnobs>][] = [
    ["30 % dropped connections", { drop: 0.3 }],
    ["10 % HTTP 429", { http429: 0.1 }],
    ["delays up to 50 ms", { delayMs: 50 }],
    ["20 % stale block numbers", { staleBlock: 0.2 }],
    ["the mix", { drop: 0.3, http429: 0.1, delayMs: 50, staleBlock: 0.2 }],
  ];
  for (const [name, faults] of cases)
    it(`${name}: ≥ 90 % of ticks complete, every layer proposed, Layer 3 acts, no duplicates, recovery`, async () => {
      const r = await crashThroughProxy(7, faults);
      expect(r.completed / r.ticks).toBeGreaterThanOrEqual(0.9);
      // Every layer change of the fault-free run (L1, L2, L3) is still proposed.
      expect([...new Set(r.layers)].sort()).toEqual([1, 2, 3]);
      expect(r.l3Executed).toBe(true);
      // One module action on chain = one record; at most one live proposal per layer.
      expect(r.moduleActions).toBe(r.proposals.filter((p) => p.route === "emergency-module").length);
      for (const count of Object.values(liveByLayer(r))) expect(count).toBe(1);
      expect(r.recoveredOk).toBe(true);
    });
});
