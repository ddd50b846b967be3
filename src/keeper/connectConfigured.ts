import {
  type Address,
  type Chain,
  createPublicClient,
  defineChain,
  type PublicClient,
  type Transport,
  webSocket,
} from "viem";
import type { KeeperConfig } from "../config/KeeperConfig.ts";
import { KeeperConfigError } from "../config/KeeperConfigError.ts";
import type { KeeperMetrics } from "../metrics/KeeperMetrics.ts";
import { createRpcTransport } from "../rpc/createRpcTransport.ts";
import { TickBudget } from "../rpc/TickBudget.ts";

export type ConfiguredRpc = {
  publicClient: PublicClient;
  /** The same fault-tolerant transport, for wallet clients and the Safe kit. */
  transport: Transport;
  /** The per-tick deadline every request through `transport` observes inside `budget.run`. */
  budget: TickBudget;
};

export type ConnectOptions = {
  metrics?: KeeperMetrics | undefined;
  /** Jitter source for retries (default Math.random). */
  random?: () => number;
  /** Multicall3 on this chain (named in the client's chain, for `multicall` reads without an address). */
  multicall3?: Address | undefined;
};

/**
 * A public client on `transport`, naming Multicall3 in its chain when given one. No client-side multicall
 * scheduling: the collectors build their own `aggregate3` chunks (sized for eth_call gas caps) and send them
 * in the same turn, so the transport's JSON-RPC batching carries a whole phase of a tick in one HTTP request.
 */
export function keeperPublicClient(o: {
  chainId: number;
  urls: readonly string[];
  transport: Transport;
  multicall3?: Address | undefined;
}): PublicClient {
  const chain: Chain = defineChain({
    id: o.chainId,
    name: `chain-${o.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [...o.urls] } },
    ...(o.multicall3 ? { contracts: { multicall3: { address: o.multicall3 } } } : {}),
  });
  return createPublicClient({ chain, transport: o.transport }) as PublicClient;
}

/**
 * The keeper's JSON-RPC connection from the config: every URL of `rpcUrls` behind one ranked, retrying,
 * batching transport (a single `ws://` rpcUrl uses viem's WebSocket transport), checked against `chainId`
 * (a mismatch names the field). Endpoints are labelled by their index in metrics (URLs may hold API keys).
 */
export async function connectConfigured(
  cfg: Pick<KeeperConfig, "rpcUrl" | "rpcUrls" | "chainId" | "rpc">,
  options: ConnectOptions = {},
): Promise<ConfiguredRpc> {
  const budget = new TickBudget(cfg.rpc.tickDeadlineMs);
  const index = new Map(cfg.rpcUrls.map((u, i) => [u, String(i)]));
  const transport: Transport = cfg.rpcUrl.startsWith("ws")
    ? webSocket(cfg.rpcUrl, { retryCount: cfg.rpc.retryCount, timeout: cfg.rpc.timeoutMs })
    : createRpcTransport({
        urls: cfg.rpcUrls,
        timeoutMs: cfg.rpc.timeoutMs,
        retryCount: cfg.rpc.retryCount,
        backoff: { baseDelayMs: cfg.rpc.retryBaseDelayMs, maxDelayMs: cfg.rpc.retryMaxDelayMs },
        batchSize: cfg.rpc.batchSize,
        budget,
        ...(options.random ? { random: options.random } : {}),
        onHttpRequest: (url) => options.metrics?.rpcRequests.inc({ endpoint: index.get(url) ?? "?" }),
        onAttemptError: (url, _e, transient) =>
          options.metrics?.rpcErrors.inc({ endpoint: index.get(url) ?? "?", transient: String(transient) }),
      });
  const publicClient = keeperPublicClient({
    chainId: cfg.chainId,
    urls: cfg.rpcUrls,
    transport,
    multicall3: options.multicall3,
  });
  let actual: number;
  try {
    actual = await publicClient.getChainId();
  } catch (cause) {
    throw new KeeperConfigError(
      "(rpc)",
      [{ field: "rpcUrls", message: `no JSON-RPC answers at any of ${cfg.rpcUrls.length} URL(s)` }],
      cause,
    );
  }
  if (actual !== cfg.chainId)
    throw new KeeperConfigError("(rpc)", [
      { field: "chainId", message: `config says ${cfg.chainId}, the node at rpcUrl reports ${actual}` },
    ]);
  return { publicClient, transport, budget };
}
