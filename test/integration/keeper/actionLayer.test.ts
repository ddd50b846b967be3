import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Safe from "@safe-global/protocol-kit";
import type { Hex } from "viem";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type CrashWorld,
  worldKeeper as makeKeeper,
  setupCrashWorld,
  type WorldKeeper,
} from "../../../src/demo/crashWorld.ts";
import { flatSeedBars } from "../../../src/demo/flatSeedBars.ts";
import { movePerpPrice } from "../../../src/demo/movePerpPrice.ts";
import { advanceTime, revertTo, snapshot } from "../../../src/deploy/chainControl.ts";
import { DevRole, devKey } from "../../../src/devnet/devAccounts.ts";
import { execSafeAsOwners } from "../../../src/guard/execSafeAsOwners.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { executeProposal } from "../../../src/proposer/executeProposal.ts";
import { signProposal } from "../../../src/proposer/signProposal.ts";
import type { StoredBar } from "../../../src/store/types.ts";
import { hedgeStateFromExecutions } from "../../../src/tracker/hedgeLedger.ts";
import { toE18 } from "../../../src/venues/perp/priceMath.ts";
import { createPinnedNetwork } from "../../helpers/createPinnedNetwork.ts";

/** The action layer on the local chain (Perp v2, Safe 2-of-3, EmergencyModule): what the bugs were. */
const dir = mkdtempSync(path.join(tmpdir(), "alvh-actions-it-"));
let w: CrashWorld;
let seeds: Map<string, StoredBar[]>;
let snap: string;
let n = 0;
const open: WorldKeeper[] = [];
const keeper = (emergency: boolean): WorldKeeper => {
  const k = makeKeeper(w, { dbPath: path.join(dir, `k${n++}.sqlite`), seeds, backfillBars: 80, emergency });
  open.push(k);
  return k;
};

beforeAll(async () => {
  const conn = await createPinnedNetwork();
  const publicClient = await conn.viem.getPublicClient();
  // The keepers' key (Safe owner 1, worldKeeper's default proposer) holds KEEPER_ROLE on the EmergencyModule, as
  // in deployDevnet: without it the module refuses the keeper's Layer-3 call (KeeperGracePeriod, nobody arms).
  w = await setupCrashWorld(conn.provider, publicClient as never, {
    policy: defaultPolicy(),
    moduleKeepers: [devKey(DevRole.owner1).address],
  });
  seeds = flatSeedBars(Number((await publicClient.getBlock()).timestamp) * 1000);
});
beforeEach(async () => {
  snap = await snapshot(w.clients.publicClient);
});
afterEach(async () => {
  for (const k of open.splice(0)) k.store.close();
  await revertTo(w.clients.publicClient, snap);
});

/** One hour passes, the pools move to `price` (ETH) and 30 000 (BTC), the keeper ticks. */
async function step(k: WorldKeeper, price: number) {
  await advanceTime(w.clients.publicClient, 3600);
  await movePerpPrice(w.trader, w.perp, w.btc, toE18(30_000));
  await movePerpPrice(w.trader, w.perp, w.eth, toE18(price));
  return k.keeper.tick();
}

/** Steps down the crash until `until` holds (or the path ends). */
async function crashUntil(k: WorldKeeper, until: () => boolean, prices = CRASH) {
  for (const p of prices) {
    await step(k, p);
    if (until()) return true;
  }
  return false;
}
const CRASH = [1990, 1960, 1920, 1880, 1840, 1800, 1760, 1720, 1690, 1660, 1620, 1560, 1500, 1440, 1400, 1340, 1280];

describe("action layer on the devnet", () => {
  it("a stale Layer-2 proposal is withdrawn when the EmergencyModule acts on the position", async () => {
    const k = keeper(true);
    // Down the crash with signers who never sign: an L2 proposal waits; then the module acts in Layer 3.
    let l2: string | undefined;
    const moduleActed = () =>
      k.store.listProposals({ status: ["executed"] }).some((p) => p.route === "emergency-module");
    const acted = await crashUntil(k, () => {
      l2 ??= k.store.openProposals("1").find((p) => p.layer === 2)?.id;
      return moduleActed();
    });
    expect(acted).toBe(true);
    expect(l2).toBeDefined();
    const after = k.store.mustGet(l2 as string);
    expect(after.status).toBe("superseded");
    expect(after.statusReason).toMatch(/changed since the plan/);
    // nothing built before the module's action is still with the signers
    for (const p of k.store.openProposals("1")) expect(p.createdAt).toBeGreaterThanOrEqual(after.updatedAt);
  }, 240_000);

  it("a proposal whose nonce another transaction used holds no cooldown: the book is planned again at once", async () => {
    const k = keeper(false);
    expect(await crashUntil(k, () => k.store.openProposals("1").length > 0)).toBe(true);
    const [p] = k.store.openProposals("1");
    // The owners use the nonce for something else (a plain call to the Safe itself; the guard allows it).
    await execSafeAsOwners(w.clients, w.safe.safe, w.ownerKeys.slice(0, 2) as Hex[], {
      to: w.safe.safe,
      value: 0n,
      data: "0x",
      operation: 0,
    });
    await advanceTime(w.clients.publicClient, 60);
    const r = await k.keeper.tick();
    expect(r.tracked.map((t) => [t.proposal.id, t.kind])).toEqual([[p?.id, "superseded"]]);
    expect(r.books[0]?.decision.status).toBe("act");
    const again = k.store.openProposals("1");
    expect(again).toHaveLength(1);
    expect(again[0]?.safeNonce).toBe((p?.safeNonce ?? 0) + 1);
  }, 240_000);

  it("a superseded proposal the signers execute anyway is tracked, recorded executed and enters the hedge ledger", async () => {
    const k = keeper(false);
    expect(await crashUntil(k, () => k.store.openProposals("1").length > 0)).toBe(true);
    const [p] = k.store.openProposals("1");
    if (!p) throw new Error("no proposal");
    const kit = await Safe.init({
      provider: w.provider,
      signer: w.ownerKeys[1] as Hex,
      safeAddress: p.safe,
      contractNetworks: w.safe.contractNetworks,
    });
    await signProposal(kit, p, k.delivery); // the proposer's signature + this one = the 2-of-3 threshold
    k.proposer.withdraw(p.id, "superseded by the keeper (test)");
    expect(k.store.mustGet(p.id).status).toBe("superseded");
    // The signers had it in their Safe UI and execute it anyway.
    await executeProposal(kit, { ...k.store.mustGet(p.id), status: "signed" }, k.delivery);
    const before = hedgeStateFromExecutions(k.store, "1");
    const r = await k.keeper.tick();
    const t = r.tracked.find((x) => x.proposal.id === p.id);
    expect(t?.kind).toBe("executed");
    expect(t && t.kind === "executed" && t.wasSuperseded).toBe(true);
    expect(k.store.mustGet(p.id).status).toBe("executed");
    const after = hedgeStateFromExecutions(k.store, "1");
    const cut = (p.intents ?? []).reduce((s, i) => s + ("notional" in i && i.kind === "reduce" ? i.notional : 0n), 0n);
    expect(after.reducedNotional - before.reducedNotional).toBe(cut);
    expect(cut).toBeGreaterThan(0n);
  }, 240_000);
});
