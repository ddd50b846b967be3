import type { Address } from "viem";
import { deploymentPath, readDeployment } from "./Deployment.ts";
import { DeploymentNotFoundError } from "./DeploymentError.ts";

/** The governance contracts of one chain, as recorded in `deployments/<chainId>.json`. */
export type GovernanceAddresses = {
  token: Address;
  timelock: Address;
  governor: Address;
  registry: Address;
  /** Block of the first governance deployment (start of log scans). */
  deployBlock: bigint;
};

/** Contract names used in the deployment file's `contracts` section. */
export const GOVERNANCE_CONTRACTS = {
  token: "AlvhToken",
  timelock: "TimelockController",
  governor: "AlvhGovernor",
  registry: "PolicyRegistry",
} as const;

/** Reads the governance addresses for `chainId` from `dir`; throws `DeploymentNotFoundError` if missing. */
export function readGovernanceAddresses(dir: string, chainId: number): GovernanceAddresses {
  const file = deploymentPath(dir, chainId);
  const deployment = readDeployment(dir, chainId);
  if (!deployment) throw new DeploymentNotFoundError("deployment", file);
  const get = (name: string): Address => {
    const entry = deployment.contracts[name];
    if (!entry) throw new DeploymentNotFoundError(`${name} contract`, file);
    return entry.address as Address;
  };
  return {
    token: get(GOVERNANCE_CONTRACTS.token),
    timelock: get(GOVERNANCE_CONTRACTS.timelock),
    governor: get(GOVERNANCE_CONTRACTS.governor),
    registry: get(GOVERNANCE_CONTRACTS.registry),
    deployBlock: BigInt(deployment.contracts[GOVERNANCE_CONTRACTS.token]?.block ?? deployment.deployBlock),
  };
}
