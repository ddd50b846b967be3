import type { Eip1193Provider } from "@safe-global/protocol-kit";
import { type Address, createWalletClient, custom, type Hex, type PublicClient, type Transport } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { Clients } from "../deploy/Clients.ts";
import { deployGovernance, type GovernanceDeployment } from "../deploy/deployGovernance.ts";
import { deployGuard, type GuardDeployment } from "../deploy/deployGuard.ts";
import { deployMulticall3 } from "../deploy/deployMulticall3.ts";
import { deployPerp, type PerpDeployment, type PerpMarket } from "../deploy/deployPerp.ts";
import { deploySafe, type SafeDeployment } from "../deploy/deploySafe.ts";
import { depositToVault } from "../deploy/depositToVault.ts";
import { write } from "../deploy/tx.ts";
import { DevRole, devKey } from "../devnet/devAccounts.ts";
import { fundSettlement } from "../devnet/fundSettlement.ts";
import { openEoaPosition } from "../devnet/openEoaPosition.ts";
import { openSafePosition } from "../devnet/openSafePosition.ts";
import { createKeeper } from "../keeper/createKeeper.ts";
import type { Keeper } from "../keeper/Keeper.ts";
import type { KeeperBook } from "../keeper/KeeperBook.ts";
import type { OnUnprotected } from "../keeper/UnprotectedEvent.ts";
import { createLogger, type Logger } from "../log/createLogger.ts";
import { createKeeperMetrics, type KeeperMetrics } from "../metrics/KeeperMetrics.ts";
import type { Policy } from "../policy/Policy.ts";
import { createPolicyRegistryClient, type PolicyRegistryClient } from "../policy/PolicyRegistryClient.ts";
import { LocalDelivery } from "../proposer/LocalDelivery.ts";
import type { Proposer } from "../proposer/Proposer.ts";
import { KeeperStore } from "../store/KeeperStore.ts";
import type { StoredBar } from "../store/types.ts";
import { PerpV2Venue } from "../venues/perp/PerpV2Venue.ts";

const E18 = 10n ** 18n;

/** Everything the demo and the keeper's chain tests stand on: Perp v2, a 2-of-3 Safe long, its twin, the DAO. */
export type CrashWorld = {
  chainId: number;
  provider: Eip1193Provider;
  clients: Clients;
  trader: Clients;
  perp: PerpDeployment;
  safe: SafeDeployment;
  gov: GovernanceDeployment;
  registry: PolicyRegistryClient;
  venue: PerpV2Venue;
  eth: PerpMarket;
  btc: PerpMarket;
  twin: Address;
  multicall3: Address;
  bookId: string;
  ownerKeys: Hex[];
  /** The book's EmergencyModule (enabled on the Safe) and guard (not installed); undefined with `emergency: false`. */
  guard: GuardDeployment | undefined;
};

export type CrashWorldOptions = {
  policy: Policy;
  /** Leverage of the Safe's long and of the twin (default 5). */
  leverage?: number;
  /** Collateral of each (settlement units, default 10,000). */
  collateral?: bigint;
  /** Idle settlement token the Safe keeps for margin top-ups (default 20,000). */
  safeReserve?: bigint;
  /** Governance: voting delay/period and timelock delay (seconds). */
  governance?: { votingDelay: number; votingPeriod: number; timelockDelay: number };
  /** Deploy the EmergencyModule and enable it on the Safe (default true). */
  emergency?: boolean;
  /**
   * Accounts granted KEEPER_ROLE on the EmergencyModule (default none). Without the role a keeper's Layer-3 call
   * reverts `KeeperGracePeriod` until someone has armed the book and the grace delay has passed.
   */
  moduleKeepers?: readonly Address[];
};

function clientsFor(provider: Eip1193Provider, publicClient: PublicClient, key: Hex): Clients {
  const walletClient = createWalletClient({
    account: privateKeyToAccount(key),
    chain: publicClient.chain,
    transport: custom(provider),
  });
  return { publicClient, walletClient } as Clients;
}

/**
 * Deploys the whole world on a fresh chain: Multicall3, Safe (owners = dev 1–3, threshold 2), Perp v2 (ETH,
 * BTC), the DAO with book 1 = the Safe's ETH long under `policy`; the Safe and a twin EOA open the same
 * leveraged long; a scenario trader gets collateral to move the pools.
 */
export async function setupCrashWorld(
  provider: Eip1193Provider,
  publicClient: PublicClient,
  options: CrashWorldOptions,
): Promise<CrashWorld> {
  const leverage = options.leverage ?? 5;
  const collateral = options.collateral ?? 10_000n * E18;
  const clients = clientsFor(provider, publicClient, devKey(DevRole.deployer).privateKey);
  const chainId = await publicClient.getChainId();
  const multicall3 = await deployMulticall3(clients);
  const safe = await deploySafe(clients);
  const perp = await deployPerp(clients);
  const venue = new PerpV2Venue({ publicClient, perp, multicall3 });
  const eth = perp.markets.find((m) => m.symbol === "ETH") as PerpMarket;
  const btc = perp.markets.find((m) => m.symbol === "BTC") as PerpMarket;
  const g = options.governance ?? { votingDelay: 1, votingPeriod: 600, timelockDelay: 60 };
  const gov = await deployGovernance(clients, {
    ...g,
    proposalThreshold: 0n,
    quorumPercent: 4,
    holders: [{ address: devKey(DevRole.deployer).address, amount: 1_000_000n * E18 }],
    books: [{ safe: safe.safe, venue: perp.clearingHouse, market: eth.baseToken, policy: options.policy }],
  });
  await write(clients, {
    address: gov.token,
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
    args: [clients.walletClient.account.address],
  });
  const registry = createPolicyRegistryClient({ publicClient, address: gov.registry });

  const ownerKeys = [DevRole.owner1, DevRole.owner2, DevRole.owner3].map((i) => devKey(i).privateKey);
  await fundSettlement(clients, perp, safe.safe, collateral + (options.safeReserve ?? 20_000n * E18));
  await openSafePosition({
    provider,
    publicClient,
    venue,
    target: safe,
    ownerKeys: ownerKeys.slice(0, 2),
    position: { market: "ETH", side: "long", leverage, collateral },
  });
  const twinClients = clientsFor(provider, publicClient, devKey(DevRole.twin).privateKey);
  await fundSettlement(clients, perp, twinClients.walletClient.account.address, collateral);
  await openEoaPosition({
    trader: twinClients,
    perp,
    venue,
    position: { market: "ETH", side: "long", leverage, collateral },
  });

  const guard =
    options.emergency === false
      ? undefined
      : await deployGuard(clients, {
          registry: gov.registry,
          bookId: gov.bookIds[0] as bigint,
          safe,
          admin: gov.timelock,
          keepers: options.moduleKeepers,
          install: { ownerKeys: ownerKeys.slice(0, 2), guard: false, module: true },
        });

  const trader = clientsFor(provider, publicClient, devKey(DevRole.scenarioTrader).privateKey);
  const traderCollateral = 5_000_000n * E18;
  await fundSettlement(clients, perp, trader.walletClient.account.address, traderCollateral);
  await depositToVault(trader, perp, traderCollateral);

  return {
    chainId,
    provider,
    clients,
    trader,
    perp,
    safe,
    gov,
    registry,
    venue,
    eth,
    btc,
    twin: twinClients.walletClient.account.address,
    multicall3,
    bookId: String(gov.bookIds[0]),
    ownerKeys,
    guard,
  };
}

export type WorldKeeper = {
  keeper: Keeper;
  proposer: Proposer;
  store: KeeperStore;
  delivery: LocalDelivery;
  metrics: KeeperMetrics;
  log: Logger;
};

/** A keeper on the world's book 1 with the local delivery backend; the proposer is Safe owner 1. */
export function worldKeeper(
  w: CrashWorld,
  options: {
    dbPath: string;
    log?: Logger;
    /** Seed bars per market symbol ("ETH", "BTC"). */
    seeds?: ReadonlyMap<string, readonly StoredBar[]>;
    backfillBars?: number;
    fundingRate?: (market: string, nowMs: number) => number | undefined;
    proposerKey?: Hex;
    afterRecord?: ConstructorParameters<typeof Proposer>[0]["afterRecord"];
    /** Route Layer 3 through the world's EmergencyModule (default: when the world has one). */
    emergency?: boolean;
    /** The keeper's own RPC path (e.g. through the fault proxy); default: the world's in-process client. */
    rpc?: { publicClient: PublicClient; transport: Transport };
    onUnprotected?: OnUnprotected;
    /** Books to watch (default: the world's book on the Safe's ETH long). */
    books?: readonly KeeperBook[];
  },
): WorldKeeper {
  const rpc = options.rpc;
  const publicClient = rpc?.publicClient ?? w.clients.publicClient;
  const store = new KeeperStore(options.dbPath);
  const delivery = new LocalDelivery(store);
  const metrics = createKeeperMetrics();
  const log = options.log ?? createLogger({ level: "silent" });
  const key = options.proposerKey ?? (w.ownerKeys[0] as Hex);
  const emergency =
    options.emergency !== false && w.guard?.moduleEnabled
      ? {
          module: w.guard.module,
          walletClient: rpc
            ? createWalletClient({
                account: privateKeyToAccount(key),
                chain: publicClient.chain,
                transport: rpc.transport,
              })
            : clientsFor(w.provider, w.clients.publicClient, key).walletClient,
        }
      : undefined;
  const book: KeeperBook = { id: w.bookId, side: "long", account: w.safe.safe, market: w.eth.baseToken };
  const { keeper, proposer } = createKeeper({
    chainId: w.chainId,
    publicClient,
    multicall3: w.multicall3,
    registry: rpc ? createPolicyRegistryClient({ publicClient, address: w.registry.address }) : w.registry,
    venue: rpc ? new PerpV2Venue({ publicClient, perp: w.perp, multicall3: w.multicall3 }) : w.venue,
    books: options.books ?? [book],
    markets: [w.eth, w.btc].map((m) => ({ id: m.baseToken, symbol: m.symbol, aggregator: m.aggregator })),
    store,
    log,
    metrics,
    proposer: {
      key,
      safeProvider: rpc ? { request: (a) => rpc.publicClient.request(a as never) } : w.provider,
      contractNetworks: w.safe.contractNetworks,
      delivery,
      afterRecord: options.afterRecord,
    },
    fundingRate: options.fundingRate,
    emergency,
    onUnprotected: options.onUnprotected,
    backfill: {
      bars: options.backfillBars ?? 0,
      ...(options.seeds
        ? {
            seed: new Map(
              [w.eth, w.btc].map((m) => [m.baseToken.toLowerCase(), options.seeds?.get(m.symbol) ?? []] as const),
            ),
          }
        : {}),
    },
  });
  return { keeper, proposer, store, delivery, metrics, log };
}
