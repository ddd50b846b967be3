import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  webSocket,
} from "viem";
import type { KeeperConfig } from "../config/KeeperConfig.ts";
import { KeeperConfigError } from "../config/KeeperConfigError.ts";
import { loadSigningKey, type SigningKey } from "../keys/loadSigningKey.ts";
import { createLogger, type Logger } from "../log/createLogger.ts";
import { createKeeperMetrics, type KeeperMetrics } from "../metrics/KeeperMetrics.ts";
import { createPolicyRegistryClient, type PolicyRegistryClient } from "../policy/PolicyRegistryClient.ts";
import type { DeliveryBackend } from "../proposer/DeliveryBackend.ts";
import { LocalDelivery } from "../proposer/LocalDelivery.ts";
import type { Proposer, ProposerOptions } from "../proposer/Proposer.ts";
import { SafeServiceDelivery } from "../proposer/SafeServiceDelivery.ts";
import { readPriceCsv } from "../sources/readPriceCsv.ts";
import { KeeperStore } from "../store/KeeperStore.ts";
import type { StoredBar } from "../store/types.ts";
import type { Venue } from "../venues/Venue.ts";
import { createKeeper } from "./createKeeper.ts";
import type { EmergencyOptions } from "./EmergencyOptions.ts";
import type { Keeper } from "./Keeper.ts";
import type { KeeperBook } from "./KeeperBook.ts";
import type { FeedMarket } from "./MarketFeed.ts";
import { readKeeperDeployment } from "./readKeeperDeployment.ts";

export type KeeperRuntime = {
  config: KeeperConfig;
  keeper: Keeper;
  store: KeeperStore;
  proposer: Proposer;
  delivery: DeliveryBackend;
  metrics: KeeperMetrics;
  log: Logger;
  publicClient: PublicClient;
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
};

/** The proposer's signing key from the config's key source (env variable or encrypted keystore). */
export function loadProposerKey(cfg: KeeperConfig, env: BuildKeeperOptions["env"]): Promise<SigningKey> {
  return loadSigningKey(cfg.proposer.key, env);
}

/** viem public client for the config's RPC, checked against `chainId` (a mismatch names the field). */
export async function connectConfigured(cfg: Pick<KeeperConfig, "rpcUrl" | "chainId">): Promise<PublicClient> {
  const transport = cfg.rpcUrl.startsWith("ws") ? webSocket(cfg.rpcUrl) : http(cfg.rpcUrl, { retryCount: 1 });
  const chain: Chain = defineChain({
    id: cfg.chainId,
    name: `chain-${cfg.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [cfg.rpcUrl] } },
  });
  const client = createPublicClient({ chain, transport }) as PublicClient;
  let actual: number;
  try {
    actual = await client.getChainId();
  } catch (cause) {
    throw new KeeperConfigError("(rpc)", [{ field: "rpcUrl", message: `no JSON-RPC answers at ${cfg.rpcUrl}` }], cause);
  }
  if (actual !== cfg.chainId)
    throw new KeeperConfigError("(rpc)", [
      { field: "chainId", message: `config says ${cfg.chainId}, the node at rpcUrl reports ${actual}` },
    ]);
  return client;
}

/**
 * Builds a Keeper from the validated config and `deployments/<chainId>.json` (governance registry, Perp v2,
 * Safe contracts, Multicall3): connects, loads the proposer key, opens the store, resolves each book against
 * the registry (its Safe and market; a configured account or market that disagrees is an error naming the
 * field) and wires the delivery backend.
 */
export async function buildKeeper(cfg: KeeperConfig, options: BuildKeeperOptions): Promise<KeeperRuntime> {
  const log = options.log ?? createLogger({ level: cfg.logLevel });
  const publicClient = await connectConfigured(cfg);
  const dep = readKeeperDeployment(cfg.deploymentsDir, cfg.chainId);
  const registry = createPolicyRegistryClient({ publicClient, address: dep.registry });
  const venue = dep.venue.connect(publicClient, dep.multicall3);
  const { account, privateKey } = await loadProposerKey(cfg, options.env);

  const books: KeeperBook[] = [];
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
    });
  }

  const store = new KeeperStore(cfg.dbPath);
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
  const metrics = createKeeperMetrics();
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
      walletClient: createWalletClient({ account, chain: publicClient.chain, transport: http(cfg.rpcUrl) }),
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
      safeProvider: cfg.rpcUrl,
      contractNetworks: dep.safeContractNetworks,
      delivery,
      afterRecord: options.afterRecord,
    },
    backfill: { bars: cfg.bars.backfillBars, ...(seed ? { seed } : {}) },
    emergency,
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
    registry,
    venue,
    books,
    proposerAddress: account.address,
    emergency,
    close: () => store.close(),
  };
}
