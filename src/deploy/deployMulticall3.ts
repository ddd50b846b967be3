import type { Address } from "viem";
import { localArtifact } from "./artifacts.ts";
import type { Clients } from "./Clients.ts";
import { deploy } from "./tx.ts";

/**
 * Deploys this project's Multicall3-compatible batch reader (`contracts/multicall/Multicall3.sol`:
 * `aggregate3`, `getBlockNumber`, `getCurrentBlockTimestamp`, `getEthBalance`). Live chains already have
 * the canonical Multicall3; pass its address to the adapters instead.
 */
export async function deployMulticall3(clients: Clients): Promise<Address> {
  return deploy(clients, localArtifact("contracts/multicall/Multicall3.sol", "Multicall3"));
}
