import type { Address, PublicClient } from "viem";
import { keeperPublicClient } from "../keeper/connectConfigured.ts";
import { createRpcTransport, type RpcTransportOptions } from "../rpc/createRpcTransport.ts";
import type { FaultProxy } from "./startFaultProxy.ts";

/** The keeper's own transport and public client with the fault proxy as its only RPC URL. */
export function rpcThroughProxy(
  proxy: Pick<FaultProxy, "url">,
  chain: { chainId: number; multicall3?: Address | undefined },
  transport: Omit<RpcTransportOptions, "urls">,
): { publicClient: PublicClient; transport: ReturnType<typeof createRpcTransport> } {
  const t = createRpcTransport({ ...transport, urls: [proxy.url] });
  const publicClient = keeperPublicClient({
    chainId: chain.chainId,
    urls: [proxy.url],
    transport: t,
    multicall3: chain.multicall3,
  });
  return { publicClient, transport: t };
}
