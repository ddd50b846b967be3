import { type Address, encodeFunctionData } from "viem";
import { policyRegistryAbi } from "../abi/policyRegistryAbi.ts";
import { type CrashWorld, setupCrashWorld, worldKeeper } from "../demo/crashWorld.ts";
import { flatSeedBars } from "../demo/flatSeedBars.ts";
import { runCrash } from "../demo/runCrash.ts";
import { advanceTime, revertTo, snapshot } from "../deploy/chainControl.ts";
import { DeployStepError } from "../deploy/DeployStepError.ts";
import { FAULT_MIX, type FaultKnobs } from "../faults/FaultKnobs.ts";
import { rpcThroughProxy } from "../faults/rpcThroughProxy.ts";
import { seededRandom } from "../faults/seededRandom.ts";
import { serveProvider } from "../faults/serveProvider.ts";
import { startFaultProxy } from "../faults/startFaultProxy.ts";
import type { TickReport } from "../keeper/Keeper.ts";
import type { KeeperBook } from "../keeper/KeeperBook.ts";
import { defaultPolicy } from "../policy/defaultPolicy.ts";
import { TickBudget } from "../rpc/TickBudget.ts";
import type { StoredBar } from "../store/types.ts";

const BOOK_COUNTS = [1, 10, 100, 1_000];
/** Ticks per price step of the crash replay: `keeper run` repeats a tick that left a book unread once, on the same block. */
const POLLS_PER_STEP = 2;
const CRASH = [2000, 1990, 1960, 1920, 1880, 1840, 1800, 1760, 1720, 1690, 1660, 1620, 1560, 1500, 1440, 1400];

type Upstream = { url: string };

/** The keeper's client through a counting/faulting proxy, with the keeper's own transport. */
async function keeperRpc(w: CrashWorld, upstream: Upstream, seed: number, faults: Partial<FaultKnobs>) {
  const proxy = await startFaultProxy({ upstream: upstream.url, seed, faults });
  // Generous time limits: the bench counts requests; 1,000 books on a loaded 2-core machine are slow to serve.
  const budget = new TickBudget(600_000);
  const rpc = rpcThroughProxy(proxy, w, {
    timeoutMs: 120_000,
    retryCount: 4,
    backoff: { baseDelayMs: 100, maxDelayMs: 2_000 },
    batchSize: 200,
    budget,
    random: seededRandom(seed),
  });
  return { proxy, budget, rpc };
}

/** Book i's account: book 1 is the world's Safe (a 5x long); the others are distinct flat accounts. */
function accountOf(w: CrashWorld, i: number): Address {
  return i === 1 ? w.safe.safe : (`0x${(0xa1000000 + i).toString(16).padStart(40, "0")}` as Address);
}

/** Books registered per mined block (a block holds only so many `createBook`s under its gas limit). */
const BOOKS_PER_BLOCK = 25;

/** Registers books have+1…total on the ETH market (the Timelock, impersonated, is the registry admin). */
async function addBooks(w: CrashWorld, total: number, have: number): Promise<void> {
  const c = w.clients.publicClient;
  const timelock = w.gov.timelock;
  await c.request({ method: "hardhat_impersonateAccount", params: [timelock] } as never);
  await c.request({ method: "hardhat_setBalance", params: [timelock, "0x56bc75e2d63100000"] } as never);
  await c.request({ method: "evm_setAutomine", params: [false] } as never);
  for (let from = have + 1; from <= total; from += BOOKS_PER_BLOCK) {
    const sent: Promise<unknown>[] = [];
    for (let i = from; i < from + BOOKS_PER_BLOCK && i <= total; i++) {
      const data = encodeFunctionData({
        abi: policyRegistryAbi,
        functionName: "createBook",
        args: [accountOf(w, i), w.perp.clearingHouse, w.eth.baseToken, defaultPolicy()],
      });
      sent.push(
        c.request({
          method: "eth_sendTransaction",
          params: [{ from: timelock, to: w.registry.address, data, gas: "0xf4240" }],
        } as never),
      );
    }
    await Promise.all(sent);
    await c.request({ method: "evm_mine", params: [] } as never);
  }
  await c.request({ method: "evm_setAutomine", params: [true] } as never);
  const count = await w.registry.bookCount();
  if (count < BigInt(total))
    throw new DeployStepError("Registering the bench's books failed.", {
      metaMessages: [`registered: ${count}`, `wanted: ${total}`],
    });
}

/**
 * A −30 % crash replayed with the keeper behind the fault proxy (seed 7): ticks that returned (completed), ticks
 * in which every book was read fresh, the layers proposed, the step Layer 3 was reached and the HTTP requests.
 */
async function crashRun(
  w: CrashWorld,
  upstream: Upstream,
  seeds: Map<string, StoredBar[]>,
  faults: Partial<FaultKnobs>,
): Promise<{
  ticks: number;
  completed: number;
  fresh: number;
  layers: string;
  l3Step: number | string;
  requests: number;
}> {
  const { proxy, budget, rpc } = await keeperRpc(w, upstream, 7, faults);
  const k = worldKeeper(w, { dbPath: ":memory:", seeds, backfillBars: 80, rpc });
  let ticks = 0;
  let completed = 0;
  let fresh = 0;
  const once = async (): Promise<TickReport | undefined> => {
    ticks++;
    try {
      const r = await budget.run(() => k.keeper.tick());
      completed++;
      if (r.books.every((b) => b.stale.length === 0)) fresh++;
      return r;
    } catch {
      return undefined;
    }
  };
  // As `keeper run` does: a tick that left a book unread is repeated once at the next poll (2 s later; the
  // chain has not moved on a 1-hour bar).
  const tick = async (): Promise<TickReport | undefined> => {
    let r = await once();
    for (let i = 1; i < POLLS_PER_STEP && (!r || r.books.some((b) => b.stale.length > 0)); i++) r = (await once()) ?? r;
    return r;
  };
  try {
    const crash = await runCrash(w, k, CRASH, { approvalDelaySteps: 1, tick });
    const l3 = crash.rows.find((r) => r.layer === 3 && r.previousLayer < 3);
    return {
      ticks,
      completed,
      fresh,
      layers: [...new Set(crash.layersSeen)].join(",") || "none",
      l3Step: l3 ? l3.step : "none",
      requests: proxy.stats().requests,
    };
  } finally {
    k.store.close();
    await proxy.close();
  }
}

/**
 * The keeper's RPC cost and fault tolerance on the in-process devnet (real Safe, Perp v2, registry):
 * - keeper.requests_per_tick.books_N: HTTP requests of one steady-state tick (a second tick on a new block,
 *   nothing to propose) for N books (book 1 the Safe's long, the others distinct flat accounts), counted by the
 *   loopback proxy; keeper.calls_per_tick.books_N: JSON-RPC calls inside them; keeper.fresh_books_per_tick.books_N:
 *   books read fresh in it (all N); keeper.tick_ms.books_N: its wall time; keeper.strategy_us_per_book.books_N:
 *   its pure strategy step (evaluate and plan) per book;
 * - keeper.fault_free.* and keeper.fault_mix.*: a −30 % crash replayed with the keeper behind the fault proxy,
 *   without faults and at the mix (30 % drops, 10 % 429, up to 2 s delay, 20 % stale blocks; seed 7):
 *   each step ticks as `keeper run` would (a tick that left a book unread is repeated once on the same block);
 *   tick completion rate (the tick returned), fresh tick rate (every book read fresh: a failed read reports the
 *   book unknown from its last good state), layers proposed, the step Layer 3 was reached.
 */
export async function run(print: (name: string, value: string | number) => void): Promise<void> {
  const { default: hre } = await import("hardhat");
  await hre.tasks.getTask("build").run({ quiet: true });
  const conn = await hre.network.create();
  const publicClient = await conn.viem.getPublicClient();
  const w = await setupCrashWorld(conn.provider, publicClient as never, { policy: defaultPolicy() });
  const upstream = await serveProvider(conn.provider as never);
  const seeds = flatSeedBars(Number((await publicClient.getBlock()).timestamp) * 1000);
  let start = await snapshot(w.clients.publicClient);
  try {
    let have = 1;
    for (const count of BOOK_COUNTS) {
      await addBooks(w, count, have);
      have = count;
      const books: KeeperBook[] = Array.from({ length: count }, (_, i) => ({
        id: String(i + 1),
        side: "long",
        account: accountOf(w, i + 1),
        market: w.eth.baseToken,
      }));
      const { proxy, budget, rpc } = await keeperRpc(w, upstream, 1, {});
      const k = worldKeeper(w, { dbPath: ":memory:", seeds, backfillBars: 80, books, rpc, emergency: false });
      await budget.run(() => k.keeper.tick());
      await advanceTime(w.clients.publicClient, 60);
      proxy.resetStats();
      const t0 = performance.now();
      const r = await budget.run(() => k.keeper.tick());
      const ms = performance.now() - t0;
      const s = proxy.stats();
      // A read that failed would be reported stale (and cost fewer requests): the count is of a fully read tick.
      print(`keeper.fresh_books_per_tick.books_${count}`, r.books.filter((b) => b.stale.length === 0).length);
      print(`keeper.requests_per_tick.books_${count}`, s.requests);
      print(`keeper.calls_per_tick.books_${count}`, s.calls);
      print(`keeper.tick_ms.books_${count}`, ms.toFixed(0));
      print(`keeper.strategy_us_per_book.books_${count}`, ((r.strategyMs * 1000) / count).toFixed(2));
      k.store.close();
      await proxy.close();
    }
    // The same crash without faults (the reference), then under the mix.
    for (const [name, faults] of [
      ["fault_free", {}],
      ["fault_mix", FAULT_MIX],
    ] as const) {
      await revertTo(w.clients.publicClient, start);
      start = await snapshot(w.clients.publicClient);
      const r = await crashRun(w, upstream, seeds, faults);
      print(`keeper.${name}.ticks`, r.ticks);
      print(`keeper.${name}.tick_completion_rate`, (r.completed / r.ticks).toFixed(3));
      print(`keeper.${name}.fresh_tick_rate`, (r.fresh / r.ticks).toFixed(3));
      print(`keeper.${name}.layers_proposed`, r.layers);
      print(`keeper.${name}.l3_step`, r.l3Step);
      print(`keeper.${name}.http_requests`, r.requests);
    }
  } finally {
    await upstream.close();
  }
}
