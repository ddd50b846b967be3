import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import hre from "hardhat";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyRegistryAbi } from "../../../src/abi/policyRegistryAbi.ts";
import { keeperRun } from "../../../src/cli/keeperCommands.ts";
import { KeeperConfigError } from "../../../src/config/KeeperConfigError.ts";
import { parseKeeperConfig } from "../../../src/config/loadKeeperConfig.ts";
import type { Clients } from "../../../src/deploy/Clients.ts";
import { type DevnetDeployment, deployDevnet } from "../../../src/deploy/deployDevnet.ts";
import { connectRpc } from "../../../src/devnet/connectRpc.ts";
import { DevRole, devKey } from "../../../src/devnet/devAccounts.ts";
import { openPositionCommand } from "../../../src/devnet/openPositionCommand.ts";
import { buildKeeper } from "../../../src/keeper/buildKeeper.ts";
import type { OnUnprotected, UnprotectedEvent } from "../../../src/keeper/UnprotectedEvent.ts";
import { createLogger } from "../../../src/log/createLogger.ts";
import { MetricsPortError } from "../../../src/metrics/MetricsPortError.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { KeeperStore } from "../../../src/store/KeeperStore.ts";
import { StoreIdentityError } from "../../../src/store/StoreIdentityError.ts";

// Start-up refusals: each operator mistake is refused with its message before the store is created.
// Book 1 = the Safe's ETH long; book 2 = an EOA (dev account 5, also long); book 3 = the Safe's ETH again.
const dir = mkdtempSync(path.join(tmpdir(), "alvh-start-"));
const OWNER1 = devKey(DevRole.owner1).privateKey;
const env = { ALVH_KEEPER_KEY: OWNER1 };
const log = createLogger({ level: "silent" });
let server: { close: () => Promise<void> };
let url: string;
let clients: Clients;
let dev: DevnetDeployment;
let n = 0;

function config(extra: Record<string, unknown> = {}) {
  return parseKeeperConfig({
    rpcUrl: url,
    chainId: dev.chainId,
    deploymentsDir: dir,
    books: [{ id: 1, side: "long", market: "ETH" }],
    bars: { source: "oracle", backfillBars: 10 },
    proposer: { key: { kind: "env", name: "ALVH_KEEPER_KEY" } },
    dbPath: path.join(dir, `k${n++}.sqlite`),
    logLevel: "silent",
    ...extra,
  });
}

async function refusal(
  cfg: ReturnType<typeof config>,
  opts: { resetStore?: boolean; onUnprotected?: OnUnprotected } = {},
): Promise<Error> {
  const err = await buildKeeper(cfg, { env, log, ...opts }).then(
    (rt) => {
      rt.close();
      return undefined;
    },
    (e: unknown) => e as Error,
  );
  if (!err) throw new Error("expected the keeper to refuse to start");
  return err;
}

beforeAll(async () => {
  const s = await hre.network.createServer("default", "127.0.0.1");
  const { address, port } = await s.listen();
  server = s;
  url = `http://${address}:${port}`;
  clients = await connectRpc(url);
  dev = await deployDevnet(clients, { deploymentsDir: dir, rpcUrl: url });
  await openPositionCommand({
    rpc: url,
    deploymentsDir: dir,
    side: "long",
    leverage: 5,
    market: "ETH",
    collateral: "10000",
  });
  await openPositionCommand({
    rpc: url,
    deploymentsDir: dir,
    side: "long",
    leverage: 5,
    market: "ETH",
    collateral: "10000",
    eoa: DevRole.twin,
  });
  // Books 2 and 3, created by the Timelock (impersonated: the DAO's admin role).
  const timelock = dev.governance?.timelock as Address;
  const eth = dev.perp.markets.find((m) => m.symbol === "ETH")?.baseToken as Address;
  await clients.publicClient.request({ method: "hardhat_impersonateAccount", params: [timelock] } as never);
  await clients.publicClient.request({
    method: "hardhat_setBalance",
    params: [timelock, "0xde0b6b3a7640000"],
  } as never);
  for (const safe of [dev.accounts.twin, dev.safe.safe]) {
    const hash = await clients.walletClient.writeContract({
      account: timelock,
      chain: clients.walletClient.chain,
      address: dev.governance?.registry as Address,
      abi: policyRegistryAbi,
      functionName: "createBook",
      args: [safe, dev.perp.clearingHouse, eth, defaultPolicy()],
    } as never);
    await clients.publicClient.waitForTransactionReceipt({ hash });
  }
});
afterAll(async () => {
  await server.close();
});

describe("start-up checks", () => {
  it("a good config starts and binds the store to the chain, the deployment and the book", async () => {
    const cfg = config();
    const rt = await buildKeeper(cfg, { env, log });
    rt.close();
    const store = new KeeperStore(cfg.dbPath);
    const rows = store.db.prepare("SELECT key, value FROM store_identity ORDER BY key").all() as {
      key: string;
      value: string;
    }[];
    store.close();
    expect(rows.map((r) => r.key)).toEqual([
      "book 1 Safe",
      "book 1 venue",
      "chain id",
      "deployment hash",
      "genesis hash",
      "registry",
    ]);
    expect(rows.find((r) => r.key === "book 1 Safe")?.value).toBe(dev.safe.safe.toLowerCase());
    // The same store on the same chain starts again.
    (await buildKeeper(cfg, { env, log })).close();
  });

  it("a store from another deployment is refused with one line naming the fix; --reset-store starts fresh", async () => {
    const cfg = config();
    (await buildKeeper(cfg, { env, log })).close();
    // As if the devnet was restarted and redeployed with `.alvh/` kept: the recorded deployment differs.
    const store = new KeeperStore(cfg.dbPath);
    store.db.prepare("UPDATE store_identity SET value = ? WHERE key = 'deployment hash'").run(`0x${"ab".repeat(32)}`);
    store.saveState("book:1", { layer: 3 });
    store.close();
    const err = await refusal(cfg);
    expect(err).toBeInstanceOf(StoreIdentityError);
    expect(err.message.split("\n")).toHaveLength(1);
    expect(err.message).toMatch(/belongs to another deployment hash .*--reset-store or set a new dbPath/);
    const rt = await buildKeeper(cfg, { env, log, resetStore: true });
    expect(rt.store.loadState("book:1")).toBeUndefined();
    rt.close();
    expect(readdirSync(dir).some((f) => f.startsWith(`${path.basename(cfg.dbPath)}.reset-`))).toBe(true);
  });

  it("an EOA as a book's account is refused unless watch-only; nothing written", async () => {
    const cfg = config({ books: [{ id: 2, side: "long" }] });
    const alerts: UnprotectedEvent[] = [];
    const err = await refusal(cfg, { onUnprotected: (e) => void alerts.push(e) });
    expect(alerts.map((a) => [a.book, a.reason])).toEqual([["2", "config-refused"]]);
    expect(alerts[0]?.message).toMatch(/books\[0\]\.account: .* not a Safe/);
    expect(err).toBeInstanceOf(KeeperConfigError);
    expect((err as KeeperConfigError).issues).toEqual([
      {
        field: "books[0].account",
        message: expect.stringMatching(/no contract code \(an EOA\?\), not a Safe; set "watchOnly": true/),
      },
    ]);
    expect(existsSync(cfg.dbPath)).toBe(false);
    const watch = config({ books: [{ id: 2, side: "long", watchOnly: true }] });
    const rt = await buildKeeper(watch, { env, log });
    const report = await rt.keeper.tick();
    rt.close();
    expect(report.books.map((b) => [b.book.id, b.outcome, b.emergency])).toEqual([["2", undefined, undefined]]);
  });

  it("a side that contradicts the venue position is refused; nothing written", async () => {
    const cfg = config({ books: [{ id: 1, side: "short", market: "ETH" }] });
    const err = (await refusal(cfg)) as KeeperConfigError;
    expect(err.issues).toEqual([
      { field: "books[0].side", message: "config says short, the account holds a long on the book's market" },
    ]);
    expect(existsSync(cfg.dbPath)).toBe(false);
  });

  it("two books on the same Safe and market are refused; nothing written", async () => {
    const cfg = config({
      books: [
        { id: 1, side: "long" },
        { id: 3, side: "long" },
      ],
    });
    const err = (await refusal(cfg)) as KeeperConfigError;
    expect(err.issues).toEqual([{ field: "books[1]", message: "same Safe and market as books[0] (duplicate book)" }]);
    expect(existsSync(cfg.dbPath)).toBe(false);
  });

  it("a proposer key without the EmergencyModule's KEEPER_ROLE is refused while emergency is on; nothing written", async () => {
    const outsider = devKey(DevRole.outsider);
    const cfg = config();
    const err = await buildKeeper(cfg, { env: { ALVH_KEEPER_KEY: outsider.privateKey }, log }).then(
      () => undefined,
      (e: unknown) => e as KeeperConfigError,
    );
    expect(err).toBeInstanceOf(KeeperConfigError);
    expect(err?.issues).toContainEqual({
      field: "proposer.key",
      message: expect.stringMatching(new RegExp(`^${outsider.address} lacks KEEPER_ROLE on the EmergencyModule`)),
    });
    expect(existsSync(cfg.dbPath)).toBe(false);
    // Layer 3 to the signers instead: the role no longer matters
    const off = config({ emergency: { enabled: false } });
    const rt = await buildKeeper(off, { env: { ALVH_KEEPER_KEY: outsider.privateKey }, log });
    rt.close();
  });

  it("a metrics port in use stops `keeper run` before the store is opened or a tick runs", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as { port: number }).port;
    const db = path.join(dir, "second-keeper.sqlite");
    const file = path.join(dir, "second-keeper.json");
    writeFileSync(
      file,
      JSON.stringify({
        rpcUrl: url,
        chainId: dev.chainId,
        deploymentsDir: dir,
        books: [{ id: 1, side: "long" }],
        proposer: { key: { kind: "env", name: "ALVH_KEEPER_KEY" } },
        dbPath: db,
        metrics: { port },
        logLevel: "silent",
      }),
    );
    const err = await keeperRun(file).catch((e: unknown) => e as Error);
    await new Promise((r) => blocker.close(r));
    expect(err).toBeInstanceOf(MetricsPortError);
    expect((err as MetricsPortError).shortMessage).toBe(
      `Metrics port 127.0.0.1:${port} is in use (another keeper on this config?): set metrics.port or --metrics-port`,
    );
    expect(existsSync(db)).toBe(false);
  });
});
