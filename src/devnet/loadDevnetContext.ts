import type { Hex } from "viem";
import type { Clients } from "../deploy/Clients.ts";
import { type DevnetRecord, readDevnetDeployment } from "../deploy/readDevnetDeployment.ts";
import { PerpV2Venue } from "../venues/perp/PerpV2Venue.ts";
import { connectRpc } from "./connectRpc.ts";
import { devKey } from "./devAccounts.ts";
import { SafeExecutionError } from "./executeSafeCalls.ts";

export type DevnetContext = { rpc: string; deployer: Clients; record: DevnetRecord; venue: PerpV2Venue };

/** Connects to a running devnet and reads its deployment file (for the CLI commands that act on it). */
export async function loadDevnetContext(rpc: string, deploymentsDir: string): Promise<DevnetContext> {
  const deployer = await connectRpc(rpc);
  const chainId = await deployer.publicClient.getChainId();
  const record = readDevnetDeployment(deploymentsDir, chainId);
  const venue = new PerpV2Venue({
    publicClient: deployer.publicClient,
    perp: record.perp,
    multicall3: record.multicall3,
  });
  return { rpc, deployer, record, venue };
}

/** Private keys of the Safe's owners that are dev accounts (indices 0–19), up to the threshold. */
export function devOwnerKeys(record: DevnetRecord): Hex[] {
  const keys: Hex[] = [];
  for (let i = 0; i < 20 && keys.length < record.safe.threshold; i++) {
    const k = devKey(i);
    if (record.safe.owners.some((o) => o.toLowerCase() === k.address.toLowerCase())) keys.push(k.privateKey);
  }
  if (keys.length < record.safe.threshold) {
    throw new SafeExecutionError("Not enough Safe owners are dev accounts to reach the threshold.", {
      metaMessages: [`threshold: ${record.safe.threshold}`, `owners: ${record.safe.owners.join(", ")}`],
    });
  }
  return keys;
}
