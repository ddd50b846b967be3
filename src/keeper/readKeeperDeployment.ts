import type { Address } from "viem";
import { z } from "zod";
import { deploymentPath, readDeployment } from "../deploy/Deployment.ts";
import { DeploymentNotFoundError } from "../deploy/DeploymentError.ts";
import { DeployStepError } from "../deploy/DeployStepError.ts";
import { type SafeContracts, safeContractNetworks } from "../deploy/deploySafe.ts";
import { readGovernanceAddresses } from "../deploy/governanceAddresses.ts";
import { type KeeperVenue, readPerpVenue } from "../venues/perp/readPerpVenue.ts";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

/** What the keeper reads from `deployments/<chainId>.json`: venue-neutral, whoever deployed the contracts. */
export type KeeperDeployment = {
  registry: Address;
  /** Multicall3 for batched reads. */
  multicall3: Address;
  /** protocol-kit's `contractNetworks` for the Safe contracts of this chain. */
  safeContractNetworks: ReturnType<typeof safeContractNetworks>;
  venue: KeeperVenue;
  /** The EmergencyModule, when deployed and enabled on the Safe, and its deployment block. */
  module: { address: Address; fromBlock: bigint } | undefined;
};

const sections = z.object({
  multicall3: address,
  safe: z.object({ contracts: z.record(z.string(), address) }),
  perp: z.unknown().optional(),
  guard: z.object({ module: address.optional(), moduleEnabled: z.boolean().optional() }).optional(),
});

/** Reads the keeper's deployment (governance, Multicall3, Safe contracts, the venue's own section, the module). */
export function readKeeperDeployment(dir: string, chainId: number): KeeperDeployment {
  const file = deploymentPath(dir, chainId);
  const d = readDeployment(dir, chainId);
  if (!d) throw new DeploymentNotFoundError("deployment", file);
  const gov = readGovernanceAddresses(dir, chainId);
  const parsed = sections.safeParse(d);
  const venue = parsed.success && parsed.data.perp !== undefined ? readPerpVenue(parsed.data.perp) : undefined;
  if (!parsed.success || venue === undefined || "error" in venue) {
    throw new DeployStepError("The deployment file lacks what the keeper needs.", {
      metaMessages: [`file: ${file}`, "need: multicall3, safe.contracts and a venue section (perp)"],
      details: !parsed.success
        ? z.prettifyError(parsed.error)
        : venue && "error" in venue
          ? venue.error
          : "no venue section",
    });
  }
  const g = parsed.data.guard;
  return {
    registry: gov.registry,
    multicall3: parsed.data.multicall3 as Address,
    safeContractNetworks: safeContractNetworks(chainId, parsed.data.safe.contracts as SafeContracts),
    venue,
    module:
      g?.module && g.moduleEnabled
        ? {
            address: g.module as Address,
            fromBlock: BigInt(d.contracts.EmergencyModule?.block ?? d.deployBlock ?? 0),
          }
        : undefined,
  };
}
