import { type Address, createWalletClient, type PublicClient } from "viem";
import type { KeeperConfig } from "../config/KeeperConfig.ts";
import { type ConfigIssue, KeeperConfigError } from "../config/KeeperConfigError.ts";
import { readDeployment } from "../deploy/Deployment.ts";
import type { BaseError } from "../errors/BaseError.ts";
import { loadSigningKey, type SigningKey } from "../keys/loadSigningKey.ts";
import { createLogger, type Logger } from "../log/createLogger.ts";
import { createKeeperMetrics, type KeeperMetrics } from "../metrics/KeeperMetrics.ts";
import { createPolicyRegistryClient, type PolicyRegistryClient } from "../policy/PolicyRegistryClient.ts";
import type { DeliveryBackend } from "../proposer/DeliveryBackend.ts";
import { LocalDelivery } from "../proposer/LocalDelivery.ts";
import type { Proposer, ProposerOptions } from "../proposer/Proposer.ts";
import { SafeServiceDelivery } from "../proposer/SafeServiceDelivery.ts";
import type { TickBudget } from "../rpc/TickBudget.ts";
import { readPriceCsv } from "../sources/readPriceCsv.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import { StoreIdentityError } from "../store/StoreIdentityError.ts";
import type { StoredBar } from "../store/types.ts";
import type { Venue } from "../venues/Venue.ts";
import { checkBooksOnChain } from "./checkBooksOnChain.ts";
import { checkModuleRole } from "./checkModuleRole.ts";
import { connectConfigured } from "./connectConfigured.ts";
import { createKeeper } from "./createKeeper.ts";
import type { EmergencyOptions } from "./EmergencyOptions.ts";
import type { Keeper } from "./Keeper.ts";
import type { KeeperBook } from "./KeeperBook.ts";
import type { FeedMarket } from "./MarketFeed.ts";
import { openCheckedStore } from "./openCheckedStore.ts";
import { readKeeperDeployment } from "./readKeeperDeployment.ts";
import { reportUnprotected } from "./reportUnprotected.ts";
import type { OnUnprotected } from "./UnprotectedEvent.ts";

export type KeeperRuntime = {
  config: KeeperConfig;
  keeper: Keeper;
  store: KeeperStore;
  proposer: Proposer;
  delivery: DeliveryBackend;
  metrics: KeeperMetrics;
  log: Logger;
  publicClient: PublicClient;
  /** Per-tick RPC deadline: run each tick inside `budget.run`. */
  budget: TickBudget;
  registry: PolicyRegistryClient;
  venue: Venue;
  books: KeeperBook[];
  /** The proposer's address (a Safe owner or delegate). */
  proposerAddress: Address;
  /** The book's EmergencyModule route for Layer 3, when deployed and enabled. */
  emergency: EmergencyOptions | undefined;
  /** Closes the store (idempotent). */
  close: () => void;
};

export type BuildKeeperOptions = {
  /** Environment the key variables are read from (inject `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  log?: Logger;
  /** Test hook: runs after a proposal is recorded, before it is delivered. */
  afterRecord?: ProposerOptions["afterRecord"];
  /** `--reset-store`: move a store bound to another chain/deployment aside and start a fresh one. */
  resetStore?: boolean;
  /** Alert hook (stale data, failed module call, refused config); the keeper calls it per event. */
  onUnprotected?: OnUnprotected;
};

/** The proposer's signing key from the config's key source (env variable or encrypted keystore). */
export function loadProposerKey(cfg: KeeperConfig, env: BuildKeeperOptions["env"]): Promise<SigningKey> {
  return loadSigningKey(cfg.proposer.key, env);
}

/**
 * Builds a Keeper from the validated config and `deployments/<chainId>.json` (governance registry, Perp v2,
 * Safe contracts, Multicall3): connects, loads the proposer key, opens the store, resolves each book against
 * the registry (its Safe and market; a configured account or market that disagrees is an error naming the
 * field) and wires the delivery backend.
 */
export async function buildKeeper(cfg: KeeperConfig, options: BuildKeeperOptions): Promise<KeeperRuntime> {
  const log = options.log ?? createLogger({ level: cfg.logLevel });
  const metrics = createKeeperMetrics();
  const dep = readKeeperDeployment(cfg.deploymentsDir, cfg.chainId);
  const { publicClient, transport, budget } = await connectConfigured(cfg, { metrics, multicall3: dep.multicall3 });
  const registry = createPolicyRegistryClient({ publicClient, address: dep.registry });
  const venue = dep.venue.connect(publicClient, dep.multicall3);
  const { account, privateKey } = await loadProposerKey(cfg, options.env);

  const books: (KeeperBook & { index: number; venue: Address })[] = [];
  for (const [i, b] of cfg.books.entries()) {
    const onChain = await registry.getBook(BigInt(b.id)).catch((cause: unknown) => {
      throw new KeeperConfigError("(registry)", [{ field: `books[${i}].id`, message: "unknown book" }], cause);
    });
    if (b.account && b.account.toLowerCase() !== onChain.safe.toLowerCase())
      throw new KeeperConfigError("(registry)", [
        { field: `books[${i}].account`, message: `registry says the book's Safe is ${onChain.safe}` },
      ]);
    const resolve = (m: string | undefined, field: string): Address | undefined => {
      if (m === undefined) return undefined;
      const key = m.toLowerCase();
      const found = dep.venue.markets.find((x) => x.symbol.toLowerCase() === key || x.id.toLowerCase() === key);
      if (!found)
        throw new KeeperConfigError("(deployment)", [{ field, message: `no market "${m}" in the deployment` }]);
      return found.id;
    };
    const market = resolve(b.market, `books[${i}].market`) ?? onChain.market;
    if (market.toLowerCase() !== onChain.market.toLowerCase())
      throw new KeeperConfigError("(registry)", [
        { field: `books[${i}].market`, message: `registry says the book's market is ${onChain.market}` },
      ]);
    books.push({
      id: b.id,
      side: b.side,
      account: onChain.safe,
      market,
      hedgeMarket: resolve(b.hedgeMarket, `books[${i}].hedgeMarket`),
      watchOnly: b.watchOnly,
      index: i,
      venue: onChain.venue,
    });
  }

  // Cross-checks before anything is written (the store is opened only after them).
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  for (const b of books) {
    const key = `${b.account.toLowerCase()}/${b.market.toLowerCase()}`;
    const j = seen.get(key);
    if (j !== undefined)
      issues.push({ field: `books[${b.index}]`, message: `same Safe and market as books[${j}] (duplicate book)` });
    else seen.set(key, b.index);
  }
  issues.push(...(await checkBooksOnChain(publicClient, venue, books)));
  if (cfg.emergency.enabled && dep.module) {
    const role = await checkModuleRole(publicClient, dep.module.address, account.address);
    if (role) issues.push(role);
  }
  const refuse = (error: BaseError, only?: ReadonlySet<number>): never => {
    for (const b of books)
      if (!only || only.has(b.index))
        reportUnprotected(
          { log, metrics, onUnprotected: options.onUnprotected },
          { book: b.id, reason: "config-refused", message: error.message.split("\n").join("; "), at: Date.now() },
        );
    throw error;
  };
  if (issues.length > 0) {
    const named = issues.map((i) => /^books\[(\d+)\]/.exec(i.field)?.[1]).filter((x) => x !== undefined);
    refuse(new KeeperConfigError("(chain)", issues), new Set(named.map(Number)));
  }
  const deployment = readDeployment(cfg.deploymentsDir, cfg.chainId);
  const store = await openCheckedStore(publicClient, {
    dbPath: cfg.dbPath,
    chainId: cfg.chainId,
    registry: dep.registry,
    deployBlock: BigInt(deployment?.deployBlock ?? 0),
    books,
    ...(options.resetStore ? { reset: true } : {}),
  }).catch((e: unknown) => (e instanceof StoreIdentityError ? refuse(e) : Promise.reject(e)));
  const delivery: DeliveryBackend =
    cfg.delivery.kind === "local"
      ? new LocalDelivery(store, cfg.delivery.dir)
      : new SafeServiceDelivery({
          chainId: cfg.chainId,
          url: cfg.delivery.url,
          apiKey: cfg.delivery.apiKeyEnv === undefined ? undefined : options.env[cfg.delivery.apiKeyEnv],
          sender: account.address,
          evidenceUrl: cfg.delivery.evidenceUrl,
        });
  const markets: FeedMarket[] = dep.venue.markets.map((m) => ({ id: m.id, symbol: m.symbol, aggregator: m.oracle }));
  let seed: Map<string, readonly StoredBar[]> | undefined;
  if (cfg.bars.source === "csv" && cfg.bars.csvPath !== undefined) {
    const bars = readPriceCsv(cfg.bars.csvPath).slice(-cfg.bars.backfillBars);
    seed = new Map(books.map((b) => [b.market.toLowerCase(), bars] as const));
  }
  let emergency: EmergencyOptions | undefined;
  if (cfg.emergency.enabled && dep.module)
    emergency = {
      module: dep.module.address,
      walletClient: createWalletClient({ account, chain: publicClient.chain, transport }),
      // Where the scan for its Protected events starts on a fresh store: the module's deployment block.
      fromBlock: dep.module.fromBlock,
    };
  const { keeper, proposer } = createKeeper({
    chainId: cfg.chainId,
    publicClient,
    multicall3: dep.multicall3,
    registry,
    venue,
    books,
    markets,
    store,
    log,
    metrics,
    proposer: {
      key: privateKey,
      safeProvider: { request: (a) => publicClient.request(a as never) },
      contractNetworks: dep.safeContractNetworks,
      delivery,
      afterRecord: options.afterRecord,
    },
    backfill: { bars: cfg.bars.backfillBars, ...(seed ? { seed } : {}) },
    emergency,
    onUnprotected: options.onUnprotected,
  });
  return {
    config: cfg,
    keeper,
    store,
    proposer,
    delivery,
    metrics,
    log,
    publicClient,
    budget,
    registry,
    venue,
    books,
    proposerAddress: account.address,
    emergency,
    close: () => store.close(),
  };
}
