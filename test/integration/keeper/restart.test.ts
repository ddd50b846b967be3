import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import hre from "hardhat";
import type { Address } from "viem";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseKeeperConfig } from "../../../src/config/loadKeeperConfig.ts";
import type { Clients } from "../../../src/deploy/Clients.ts";
import { advanceTime, revertTo, snapshot } from "../../../src/deploy/chainControl.ts";
import { type DevnetDeployment, deployDevnet } from "../../../src/deploy/deployDevnet.ts";
import { write } from "../../../src/deploy/tx.ts";
import { connectRpc, devClients } from "../../../src/devnet/connectRpc.ts";
import { DevRole, devKey } from "../../../src/devnet/devAccounts.ts";
import { openPositionCommand } from "../../../src/devnet/openPositionCommand.ts";
import {
  castVote,
  executeProposal as executeGov,
  queueProposal,
  submitProposal,
} from "../../../src/governance/governorActions.ts";
import { proposalRecord } from "../../../src/governance/ProposalStore.ts";
import { buildPolicyProposal } from "../../../src/governance/policyProposal.ts";
import { emergencyModuleAbi } from "../../../src/guard/guardAbis.ts";
import { buildKeeper } from "../../../src/keeper/buildKeeper.ts";
import { emergencyScanKey, recoverEmergencyActions } from "../../../src/keeper/recoverEmergencyActions.ts";
import { createLogger } from "../../../src/log/createLogger.ts";
import type { ProposalEvidence } from "../../../src/proposer/ProposalEvidence.ts";
import { EmergencyAction } from "../../../src/reconcile/EmergencyStatus.ts";
import { driveScenario } from "../../../src/scenario/driveScenario.ts";
import { KeeperStore } from "../../../src/store/KeeperStore.ts";
import { displayStatus } from "../../../src/store/types.ts";
import { hedgeStateFromExecutions } from "../../../src/tracker/hedgeLedger.ts";
import { toE18 } from "../../../src/venues/perp/priceMath.ts";
import { must } from "../../helpers/must.ts";
import { signalPolicy } from "../../helpers/signalPolicy.ts";

// A keeper process is SIGKILLed between recording a proposal and delivering it; on restart there is exactly one
// proposal and it is delivered once. Then a policy change voted through the real Governor reaches the keeper.
// The chain is an in-process Hardhat node served over HTTP so a real child process can use it.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const dir = mkdtempSync(path.join(tmpdir(), "alvh-restart-"));
const OWNER1 = devKey(DevRole.owner1).privateKey;
let server: { close: () => Promise<void> };
let url: string;
let clients: Clients;
let dev: DevnetDeployment;
let trader: Clients;
let snap: string;
let n = 0;
// A local alert receiver (the generic JSON webhook): every accepted delivery's event id.
const received: string[] = [];
let receiver: Server;
let receiverUrl: string;

function writeConfig(extra: Record<string, unknown> = {}): { file: string; db: string; mirror: string } {
  const k = n++;
  const db = path.join(dir, `keeper${k}.sqlite`);
  const mirror = path.join(dir, `proposals${k}`);
  const file = path.join(dir, `keeper${k}.json`);
  const cfg = {
    rpcUrl: url,
    chainId: dev.chainId,
    deploymentsDir: dir,
    books: [{ id: 1, side: "long", market: "ETH" }],
    bars: { source: "oracle", backfillBars: 50 },
    proposer: { key: { kind: "env", name: "ALVH_KEEPER_KEY" } },
    delivery: { kind: "local", dir: mirror },
    dbPath: db,
    logLevel: "warn",
    ...extra,
  };
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  return { file, db, mirror };
}

/** Runs `alvh keeper once` in a child process; resolves on `marker` in stdout (returns the live child) or on exit. */
function runOnce(
  config: string,
  env: Record<string, string>,
  marker?: string,
): Promise<{ child: ChildProcess; stdout: string; code: number | null; marked: boolean }> {
  const child = spawn(process.execPath, [path.join(ROOT, "src/cli/alvh.ts"), "keeper", "once", "--config", config], {
    cwd: ROOT,
    env: { ...process.env, ALVH_KEEPER_KEY: OWNER1, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      stdout += String(d);
      if (marker && stdout.includes(marker)) resolve({ child, stdout, code: null, marked: true });
    });
    child.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0 && !marker) reject(new Error(`keeper once exited ${code}: ${stderr}`));
      resolve({ child, stdout, code, marked: false });
    });
  });
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push(String(req.headers["x-alvh-event-id"]));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const s = await hre.network.createServer("default", "127.0.0.1");
  const { address, port } = await s.listen();
  server = s;
  url = `http://${address}:${port}`;
  clients = await connectRpc(url);
  dev = await deployDevnet(clients, { deploymentsDir: dir, rpcUrl: url, policy: signalPolicy() });
  trader = devClients(clients.publicClient, DevRole.scenarioTrader);
  await openPositionCommand({
    rpc: url,
    deploymentsDir: dir,
    side: "long",
    leverage: 5,
    market: "ETH",
    collateral: "10000",
  });
  // Every holder delegates to itself so the DAO can vote.
  for (const role of [DevRole.owner1, DevRole.owner2, DevRole.owner3]) {
    const c = devClients(clients.publicClient, role);
    await c.walletClient.writeContract({
      address: dev.governance?.token as Address,
      abi: [
        {
          type: "function",
          name: "delegate",
          stateMutability: "nonpayable",
          inputs: [{ type: "address" }],
          outputs: [],
        },
      ] as const,
      functionName: "delegate",
      args: [c.walletClient.account.address],
      chain: clients.publicClient.chain,
    });
  }
  // −10 %: the 5x long's margin buffer falls below the L1 trigger (50 %).
  const t0 = Number((await clients.publicClient.getBlock()).timestamp);
  await driveScenario({
    clients: trader,
    perp: dev.perp,
    market: "ETH",
    path: [1960, 1900, 1850, 1800].map((p, i) => ({ time: t0 + 3600 * (i + 1), price: toE18(p) })),
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});
beforeEach(async () => {
  snap = await snapshot(clients.publicClient);
});
afterEach(async () => {
  await revertTo(clients.publicClient, snap);
});

describe("keeper process restart safety", () => {
  it("SIGKILL between recording and delivering: on restart exactly one proposal, delivered once, alerted once", async () => {
    const alertEnv = { ALVH_ALERT_URL: receiverUrl, ALVH_ALERT_SECRET: "restart-test-secret" };
    const { file, db, mirror } = writeConfig({
      alerts: {
        pageUrl: "http://127.0.0.1:8600",
        channels: [{ kind: "webhook", urlEnv: "ALVH_ALERT_URL", secretEnv: "ALVH_ALERT_SECRET" }],
      },
    });
    received.length = 0;
    const first = await runOnce(file, { ...alertEnv, ALVH_TEST_PAUSE_AFTER_RECORD: "1" }, "ALVH_TEST_PAUSED");
    expect(first.marked).toBe(true);
    const id = /ALVH_TEST_PAUSED (0x[0-9a-f]{64})/.exec(first.stdout)?.[1] as string;
    const killed = new Promise((r) => first.child.on("exit", r));
    first.child.kill("SIGKILL");
    await killed;

    const afterKill = new KeeperStore(db);
    expect(afterKill.listProposals().map((p) => [p.id, p.status, p.deliveries])).toEqual([[id, "recorded", []]]);
    afterKill.close();
    expect(existsSync(path.join(mirror, `${id}.json`))).toBe(false);

    expect(received).toEqual([]); // recorded, not delivered: nothing to tell the signers yet
    const second = await runOnce(file, alertEnv);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(id);
    const third = await runOnce(file, alertEnv);
    expect(third.code).toBe(0);
    // The proposal-created alert arrived exactly once across the kill and two restarts.
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(new RegExp(`^${id}:delivered:\\d+$`));

    const store = new KeeperStore(db);
    const all = store.listProposals();
    expect(all.map((p) => [p.id, p.status, p.deliveries])).toEqual([[id, "delivered", ["local"]]]);
    expect(store.events(id).map((e) => e.status)).toEqual(["recorded", "delivered"]);
    store.close();
    expect(existsSync(path.join(mirror, `${id}.json`))).toBe(true);
  }, 120_000);
});

describe("DAO policy change mid-run", () => {
  it("a policy voted through the Governor reaches the keeper: next decision carries v2, the v1 proposal is superseded", async () => {
    const { file } = writeConfig();
    const cfg = parseKeeperConfig(JSON.parse((await import("node:fs")).readFileSync(file, "utf8")), file);
    const rt = await buildKeeper(cfg, { env: { ALVH_KEEPER_KEY: OWNER1 }, log: createLogger({ level: "silent" }) });
    try {
      const r1 = await rt.keeper.tick();
      const p1 = r1.books[0]?.outcome?.record;
      expect(p1?.policyVersion).toBe(1);
      expect(rt.store.openProposals().map((p) => p.id)).toEqual([p1?.id]);

      // The DAO raises the L1 hedge ratio 25 % → 30 %: propose, vote, queue, execute on the real Governor.
      const gov = dev.governance as NonNullable<DevnetDeployment["governance"]>;
      const current = await rt.registry.getPolicy(1n);
      const next = structuredClone(current);
      next.layers[0].hedgeRatioPpm = 300_000;
      const proposal = buildPolicyProposal({
        registry: gov.registry,
        bookId: 1n,
        current,
        currentVersion: 1n,
        next,
      });
      const writer = (role: number) => ({
        publicClient: clients.publicClient,
        walletClient: devClients(clients.publicClient, role).walletClient,
        governor: gov.governor,
      });
      const { proposalId } = await submitProposal(writer(DevRole.owner1), proposal);
      await advanceTime(clients.publicClient, 61);
      for (const role of [DevRole.owner1, DevRole.owner2]) await castVote(writer(role), proposalId, "for");
      await advanceTime(clients.publicClient, 601);
      const record = proposalRecord({ proposalId, chainId: dev.chainId, governor: gov.governor, ...proposal });
      await queueProposal(writer(DevRole.owner2), record);
      await advanceTime(clients.publicClient, 301);
      await executeGov(writer(DevRole.owner3), record);
      expect((await rt.registry.policyVersion(1n)).version).toBe(2n);

      const r2 = await rt.keeper.tick();
      const b = r2.books[0];
      expect(Number(b?.decision.policyVersion)).toBe(2);
      const old = rt.store.mustGet(p1?.id as string);
      expect(old.status).toBe("superseded");
      expect(old.statusReason).toMatch(/policy version changed 1 -> 2/);
      expect(b?.superseded).toContain(old.id);
      const open = rt.store.openProposals();
      expect(open.every((p) => p.policyVersion === 2)).toBe(true);
    } finally {
      rt.close();
    }
  }, 120_000);
});

describe("Layer 3 through the EmergencyModule", () => {
  it("routes the L3 action through the module (no signatures, recorded executed-emergency); L1 went to the signers", async () => {
    const { file } = writeConfig();
    const cfg = parseKeeperConfig(JSON.parse((await import("node:fs")).readFileSync(file, "utf8")), file);
    const rt = await buildKeeper(cfg, {
      env: { ALVH_KEEPER_KEY: OWNER1 },
      log: createLogger({ level: process.env.DEBUG_KEEPER ? "error" : "silent" }),
    });
    try {
      expect(rt.emergency?.module).toBe(dev.guard?.module);
      const r1 = await rt.keeper.tick();
      expect(r1.books[0]?.decision.layer).toBe(1);
      expect(r1.books[0]?.outcome?.record.route).toBe("safe");
      const t0 = Number((await clients.publicClient.getBlock()).timestamp);
      await driveScenario({
        clients: trader,
        perp: dev.perp,
        market: "ETH",
        path: [1760, 1720].map((p, i) => ({ time: t0 + 3600 * (i + 1), price: toE18(p) })),
      });
      const [before] = (await rt.venue.read([dev.safe.safe])).accounts;
      const r2 = await rt.keeper.tick();
      const b = r2.books[0];
      expect(b?.decision.layer).toBe(3);
      const em = b?.emergency;
      const why = JSON.stringify({ actions: b?.actions, reasons: b?.emergencyReasons }, (_k, v) =>
        typeof v === "bigint" ? String(v) : v,
      );
      expect(em?.route, why).toBe("emergency-module");
      expect(em && displayStatus(em)).toBe("executed-emergency");
      const receipt = await clients.publicClient.getTransactionReceipt({ hash: em?.executedTx as `0x${string}` });
      expect(receipt.to?.toLowerCase()).toBe(dev.guard?.module.toLowerCase());
      expect(receipt.status).toBe("success");
      const [after] = (await rt.venue.read([dev.safe.safe])).accounts;
      expect(after?.marginBufferPpm).toBeGreaterThan(before?.marginBufferPpm ?? 0n);
      const hedge = hedgeStateFromExecutions(rt.store, "1");
      expect(hedge.addedMargin + hedge.reducedNotional).toBeGreaterThan(0n);
      // The next tick's event scan finds the keeper's own action under the same id: no second record.
      const r3 = await rt.keeper.tick();
      expect(r3.recovered).toEqual([]);
      expect(emergencyRecords(rt.store).map((p) => p.executedTx)).toEqual([em?.executedTx]);
    } finally {
      rt.close();
    }
  }, 120_000);

  it("a protect sent without a record (keeper crashed before recording) is rebuilt from its Protected event, once", async () => {
    const t0 = Number((await clients.publicClient.getBlock()).timestamp);
    await driveScenario({
      clients: trader,
      perp: dev.perp,
      market: "ETH",
      path: [1760, 1720].map((p, i) => ({ time: t0 + 3600 * (i + 1), price: toE18(p) })),
    });
    // What a keeper that died right after sending `protect` leaves behind: the action on chain, nothing stored.
    const module = dev.guard?.module as Address;
    const margin = 1_000n * 10n ** 18n;
    const hash = await write(devClients(clients.publicClient, DevRole.keeper), {
      address: module,
      abi: emergencyModuleAbi,
      functionName: "protect",
      args: [1n, EmergencyAction.addMargin, margin],
    });
    const { file } = writeConfig();
    const cfg = parseKeeperConfig(JSON.parse((await import("node:fs")).readFileSync(file, "utf8")), file);
    const rt = await buildKeeper(cfg, { env: { ALVH_KEEPER_KEY: OWNER1 }, log: createLogger({ level: "silent" }) });
    try {
      expect(emergencyRecords(rt.store)).toEqual([]);
      const r1 = await rt.keeper.tick();
      expect(r1.recovered.map((r) => r.executedTx)).toEqual([hash]);
      const rec = must(emergencyRecords(rt.store)[0]);
      expect(displayStatus(rec)).toBe("executed-emergency");
      expect(rec.layer).toBe(3);
      expect(rec.tx.to.toLowerCase()).toBe(module.toLowerCase());
      expect((rec.evidence as ProposalEvidence).plan.intents).toEqual([{ kind: "addMargin", amount: margin }]);
      expect(hedgeStateFromExecutions(rt.store, "1").addedMargin).toBe(margin); // the ledger counts it
      expect(r1.books[0]?.emergency).toBeUndefined(); // the keeper itself sent nothing to the module
      // A second tick, and a rescan from the start, add nothing: one record per event.
      const r2 = await rt.keeper.tick();
      expect(r2.recovered).toEqual([]);
      rt.store.saveState(emergencyScanKey(module), { block: 0n });
      const again = await recoverEmergencyActions({
        publicClient: clients.publicClient,
        store: rt.store,
        module,
        chainId: dev.chainId,
        registry: rt.registry.address,
        books: rt.books,
        fromBlock: 0n,
        toBlock: await clients.publicClient.getBlockNumber(),
        maintenanceRatioPpm: 62_500n,
      });
      expect(again).toEqual([]);
      expect(emergencyRecords(rt.store).map((p) => p.executedTx)).toEqual([hash]);
    } finally {
      rt.close();
    }
  }, 120_000);
});

const emergencyRecords = (store: KeeperStore) => store.listProposals().filter((p) => p.route === "emergency-module");
