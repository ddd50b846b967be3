import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Abi, Hex } from "viem";
import { DeployStepError } from "./DeployStepError.ts";

/** What a deployment needs from a compiled contract. */
export type Artifact = { contractName: string; abi: Abi; bytecode: Hex };

const require = createRequire(import.meta.url);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const cache = new Map<string, Artifact>();

/**
 * Loads a build artifact shipped inside an npm package (no compile), e.g.
 * `npmArtifact("@perp/curie-contract/artifacts/contracts/Vault.sol/Vault.json")`.
 * Understands Hardhat artifacts (`abi` + `bytecode`) and the Chainlink/truffle layout (`compilerOutput.evm.bytecode.object`).
 */
export function npmArtifact(specifier: string): Artifact {
  return load(specifier, () => require.resolve(specifier));
}

/** Loads one of this project's own compiled contracts from `artifacts/` (run `hardhat build` first). */
export function localArtifact(sourcePath: string, contractName: string): Artifact {
  return load(`local:${sourcePath}:${contractName}`, () =>
    path.join(projectRoot, "artifacts", sourcePath, `${contractName}.json`),
  );
}

function load(key: string, resolve: () => string): Artifact {
  const hit = cache.get(key);
  if (hit) return hit;
  let json: Record<string, unknown>;
  let file = key;
  try {
    file = resolve();
    json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (cause) {
    throw new DeployStepError("Contract artifact not found.", {
      metaMessages: [`artifact: ${key}`, "For this project's contracts run `npx hardhat build` first."],
      cause,
    });
  }
  const compilerOutput = json.compilerOutput as { abi: Abi; evm: { bytecode: { object: string } } } | undefined;
  const abi = (json.abi as Abi | undefined) ?? compilerOutput?.abi;
  const raw = (json.bytecode as string | undefined) ?? compilerOutput?.evm.bytecode.object;
  if (!abi || !raw || raw === "0x" || raw.length < 4) {
    throw new DeployStepError("Artifact has no deployable bytecode.", { metaMessages: [`artifact: ${file}`] });
  }
  const bytecode = (raw.startsWith("0x") ? raw : `0x${raw}`) as Hex;
  const artifact: Artifact = {
    contractName: (json.contractName as string | undefined) ?? path.basename(file, ".json"),
    abi,
    bytecode,
  };
  cache.set(key, artifact);
  return artifact;
}
