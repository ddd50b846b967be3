import type Safe from "@safe-global/protocol-kit";
import type { Eip1193Provider } from "@safe-global/protocol-kit";
import type { Address, Hex, PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { viemChainCollector } from "../collectors/ChainCollector.ts";
import { oracleFeeds } from "../collectors/FeedCollector.ts";
import { chainModuleCollector } from "../collectors/ModuleCollector.ts";
import { registryPolicyCollector } from "../collectors/PolicyCollector.ts";
import { emergencyModuleSender } from "../executors/ModuleExecutor.ts";
import type { Logger } from "../log/createLogger.ts";
import type { KeeperMetrics } from "../metrics/KeeperMetrics.ts";
import type { PolicyRegistryClient } from "../policy/PolicyRegistryClient.ts";
import type { DeliveryBackend } from "../proposer/DeliveryBackend.ts";
import { Proposer, type ProposerOptions } from "../proposer/Proposer.ts";
import { safeKitCache } from "../proposer/safeKitCache.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { StoredBar } from "../store/types.ts";
import type { Clock } from "../strategy/Clock.ts";
import { chainTracker } from "../tracker/ExecutionTracker.ts";
import type { Venue } from "../venues/Venue.ts";
import type { EmergencyOptions } from "./EmergencyOptions.ts";
import { Keeper } from "./Keeper.ts";
import type { KeeperBook } from "./KeeperBook.ts";
import type { FeedMarket } from "./MarketFeed.ts";
import type { OnUnprotected } from "./UnprotectedEvent.ts";

type ContractNetworks = Parameters<typeof Safe.init>[0]["contractNetworks"];

/** Everything the keeper is built from: injected clients and resolved books (no config files, no env). */
export type KeeperParts = {
  chainId: number;
  publicClient: PublicClient;
  /** Multicall3 address for batched oracle reads (local chains do not name one). */
  multicall3?: Address | undefined;
  registry: PolicyRegistryClient;
  venue: Venue;
  books: readonly KeeperBook[];
  /** Every tracked market with its oracle (breadth is computed across them). */
  markets: readonly FeedMarket[];
  store: KeeperStore;
  log: Logger;
  metrics: KeeperMetrics;
  /** The proposer: its key (a Safe owner or delegate), protocol-kit's provider and Safe contracts, delivery. */
  proposer: {
    key: Hex;
    safeProvider: Eip1193Provider | string;
    contractNetworks: ContractNetworks;
    delivery: DeliveryBackend;
    afterRecord?: ProposerOptions["afterRecord"] | undefined;
  };
  clock?: Clock | undefined;
  /** Funding rate per interval for a market at a time (default: the venue's mark/index premium). */
  fundingRate?: ((market: string, nowMs: number) => number | undefined) | undefined;
  /** Bars to seed per market before the first evaluation, and optional seed bars per market id. */
  backfill?: { bars: number; seed?: ReadonlyMap<string, readonly StoredBar[]> } | undefined;
  /** Layer 3 through the books' EmergencyModule when set; Layers 1–2 always go to the signers. */
  emergency?: EmergencyOptions | undefined;
  /** Alert hook: a book is unprotected (stale data, failed module call); see `UnprotectedEvent`. */
  onUnprotected?: OnUnprotected | undefined;
};

/**
 * The one composition root: `alvh keeper run` (`buildKeeper`, from the config), the demo and the integration
 * tests (`worldKeeper`) all build the keeper here, from injected clients: collectors (chain, registry, venue,
 * oracle feeds, module status), the tracker, and the executors (the Safe proposer, the module sender).
 */
export function createKeeper(p: KeeperParts): { keeper: Keeper; proposer: Proposer } {
  const { log, store } = p;
  const proposer = new Proposer({
    chainId: p.chainId,
    proposer: privateKeyToAccount(p.proposer.key).address,
    store,
    backend: p.proposer.delivery,
    kitFor: safeKitCache({
      provider: p.proposer.safeProvider,
      signer: p.proposer.key,
      contractNetworks: p.proposer.contractNetworks,
    }),
    ...(p.proposer.afterRecord ? { afterRecord: p.proposer.afterRecord } : {}),
    onEvent: (e) =>
      log.info(
        {
          event: e.type,
          proposal: e.proposal.id,
          book: e.proposal.book,
          ...("reason" in e ? { reason: e.reason } : {}),
        },
        `proposal ${e.type}`,
      ),
  });
  const em = p.emergency;
  const keeper = new Keeper({
    chainId: p.chainId,
    books: p.books,
    store,
    log,
    metrics: p.metrics,
    clock: p.clock,
    chain: viemChainCollector(p.publicClient, p.multicall3),
    policies: registryPolicyCollector({
      publicClient: p.publicClient,
      registry: p.registry.address,
      multicall3: p.multicall3,
    }),
    venue: p.venue,
    feeds: oracleFeeds({
      markets: p.markets,
      publicClient: p.publicClient,
      store,
      multicall3: p.multicall3,
      fundingRate: p.fundingRate,
      backfill: p.backfill,
    }),
    tracker: chainTracker({
      publicClient: p.publicClient,
      store,
      chainId: p.chainId,
      registry: p.registry.address,
      books: p.books,
      module: em ? { address: em.module, fromBlock: em.fromBlock ?? 0n } : undefined,
    }),
    proposals: proposer,
    module: em
      ? {
          status: chainModuleCollector(p.publicClient, em.module, p.multicall3),
          executor: emergencyModuleSender({
            module: em.module,
            publicClient: p.publicClient,
            walletClient: em.walletClient,
            resend: em.resend,
          }),
        }
      : undefined,
    onUnprotected: p.onUnprotected,
  });
  return { keeper, proposer };
}
