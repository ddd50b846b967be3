import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Abi, Hex } from "viem";
import { ArtifactNotFoundError } from "./DeploymentError.ts";

/** Contracts this module knows how to deploy, by artifact path under `artifacts/`. */
export const ARTIFACT_PATHS = {
  PolicyRegistry: "contracts/PolicyRegistry.sol/PolicyRegistry.json",
  AlvhToken: "contracts/governance/AlvhToken.sol/AlvhToken.json",
  AlvhGovernor: "contracts/governance/AlvhGovernor.sol/AlvhGovernor.json",
  TimelockController: "@openzeppelin/contracts/governance/TimelockController.sol/TimelockController.json",
} as const;
export type ArtifactName = keyof typeof ARTIFACT_PATHS;

/** The project's Hardhat `artifacts/` folder. */
export const DEFAULT_ARTIFACTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "artifacts");

export type LoadedArtifact = { abi: Abi; bytecode: Hex };

/** ABI and creation bytecode of a compiled contract, read from Hardhat's artifacts (no Hardhat runtime needed). */
export function loadArtifact(name: ArtifactName, artifactsDir: string = DEFAULT_ARTIFACTS_DIR): LoadedArtifact {
  const file = path.join(artifactsDir, ARTIFACT_PATHS[name]);
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as { abi: Abi; bytecode: Hex };
    return { abi: json.abi, bytecode: json.bytecode };
  } catch (cause) {
    throw new ArtifactNotFoundError(file, cause);
  }
}
