import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DeploymentFileError } from "./DeploymentError.ts";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte address");

/** One deployed contract: its address and the block of its deployment transaction. */
export const ContractEntrySchema = z.strictObject({
  address,
  block: z.number().int().nonnegative(),
});
export type ContractEntry = z.infer<typeof ContractEntrySchema>;

/**
 * `deployments/<chainId>.json`: chain id, first deploy block, named contracts, and any further sections other
 * modules add (`governance`, `safe`, `perp`, `guard`, …), kept as they are.
 */
export const DeploymentSchema = z.looseObject({
  chainId: z.number().int().positive(),
  deployBlock: z.number().int().nonnegative(),
  contracts: z.record(z.string(), ContractEntrySchema),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

/** Path of the deployment file for `chainId` in `dir`. */
export function deploymentPath(dir: string, chainId: number): string {
  return path.join(dir, `${chainId}.json`);
}

/** Reads and validates `dir/<chainId>.json`; `undefined` when the file does not exist. */
export function readDeployment(dir: string, chainId: number): Deployment | undefined {
  const file = deploymentPath(dir, chainId);
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new DeploymentFileError(file, { cause });
  }
  const parsed = DeploymentSchema.safeParse(json);
  if (!parsed.success) throw new DeploymentFileError(file, { details: z.prettifyError(parsed.error) });
  if (parsed.data.chainId !== chainId) {
    throw new DeploymentFileError(file, { details: `chainId ${parsed.data.chainId} in a file named for ${chainId}` });
  }
  return parsed.data;
}

/** Validates and writes `dir/<chainId>.json` atomically (temp file + rename). Returns the file path. */
export function writeDeployment(dir: string, deployment: Deployment): string {
  const valid = DeploymentSchema.parse(deployment);
  mkdirSync(dir, { recursive: true });
  const file = deploymentPath(dir, valid.chainId);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(valid, null, 2)}\n`);
  renameSync(tmp, file);
  return file;
}

/**
 * Reads the chain's deployment (or starts one at `deployBlock`), sets one section and writes it back.
 * Section `contracts` is merged name by name; any other section is replaced. `deployBlock` becomes the
 * earliest of the recorded one and the given one. Returns the written deployment.
 */
export function mergeDeploymentSection(
  dir: string,
  chainId: number,
  section: string,
  value: unknown,
  deployBlock: number,
): Deployment {
  const current = readDeployment(dir, chainId) ?? { chainId, deployBlock, contracts: {} };
  const next: Deployment = { ...current, deployBlock: Math.min(current.deployBlock, deployBlock) };
  if (section === "contracts") {
    next.contracts = { ...current.contracts, ...z.record(z.string(), ContractEntrySchema).parse(value) };
  } else if (section === "chainId" || section === "deployBlock") {
    throw new DeploymentFileError(deploymentPath(dir, chainId), { details: `"${section}" is not a section` });
  } else {
    next[section] = value;
  }
  writeDeployment(dir, next);
  return next;
}
