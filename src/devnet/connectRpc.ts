import {
  type Account,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  http,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { Clients } from "../deploy/Clients.ts";
import { devKey } from "./devAccounts.ts";

/** viem clients for an HTTP JSON-RPC node, signing locally with `account` (default: dev key 0). */
export async function connectRpc(
  url: string,
  account: Account = privateKeyToAccount(devKey(0).privateKey),
  /** Request timeout (ms); forked chains fetch untouched state from upstream and can be slow. */
  timeout = 10_000,
): Promise<Clients> {
  const probe = createPublicClient({ transport: http(url, { timeout }) });
  const id = await probe.getChainId();
  const chain = defineChain({
    id,
    name: `local-${id}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(url, { timeout }) });
  const walletClient = createWalletClient({ account, chain, transport: http(url, { timeout }) });
  return { publicClient, walletClient };
}

/** Clients for dev key `index` on the same node/transport as `publicClient` (local signing). */
export function devClients(publicClient: Clients["publicClient"], index: number): Clients {
  const account = privateKeyToAccount(devKey(index).privateKey);
  const walletClient = createWalletClient({
    account,
    chain: publicClient.chain,
    transport: custom({ request: (args) => (publicClient as PublicClient).request(args as never) }),
  });
  return { publicClient, walletClient };
}
