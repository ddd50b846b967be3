import { type Chain, createPublicClient, http, type PublicClient, type Transport } from "viem";
import { RpcUnreachableError } from "./RpcUnreachableError.ts";

/** Connects to `rpc` and learns its chain id; one clear `RpcUnreachableError` when nothing answers. */
export async function connectChain(
  rpc: string,
): Promise<{ publicClient: PublicClient<Transport, Chain>; chainId: number }> {
  const transport = http(rpc, { retryCount: 0, timeout: 10_000 });
  let chainId: number;
  try {
    chainId = await createPublicClient({ transport }).getChainId();
  } catch (cause) {
    throw new RpcUnreachableError(rpc, cause);
  }
  const chain = {
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpc] } },
  } as const satisfies Chain;
  return { publicClient: createPublicClient({ chain, transport }), chainId };
}
