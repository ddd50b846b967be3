import { BaseError, type BaseErrorParameters } from "../errors/BaseError.ts";

/** `deployments/<chainId>.json` exists but is not valid JSON or does not match the schema. */
export class DeploymentFileError extends BaseError {
  override name = "DeploymentFileError";
  readonly file: string;
  constructor(file: string, args: { cause?: unknown; details?: string } = {}) {
    super(`Invalid deployment file ${file}`, { ...args, metaMessages: ["Fix or delete the file and retry."] });
    this.file = file;
  }
}

/** The deployment file for this chain already points to live contracts; deploying again would orphan them. */
export class DeploymentExistsError extends BaseError {
  override name = "DeploymentExistsError";
  readonly file: string;
  readonly address: string;
  constructor(file: string, contract: string, address: string) {
    super(`A live ${contract} is already deployed at ${address} on this chain`, {
      metaMessages: [`Recorded in ${file}.`, "Pass overwrite: true (CLI: --overwrite) to deploy a new set anyway."],
    });
    this.file = file;
    this.address = address;
  }
}

/** No deployment file (or no entry for a contract) for this chain. */
export class DeploymentNotFoundError extends BaseError {
  override name = "DeploymentNotFoundError";
  constructor(what: string, file: string) {
    super(`No ${what} recorded for this chain`, {
      metaMessages: [
        `Looked in ${file}.`,
        "Start `alvh devnet` (or `alvh gov deploy` on another node) first, or pass --deployments <dir> (a config's" +
          " deploymentsDir is relative to the config file's folder).",
      ],
    });
  }
}

/** A Hardhat artifact is missing: contracts were not compiled. */
export class ArtifactNotFoundError extends BaseError {
  override name = "ArtifactNotFoundError";
  constructor(file: string, cause?: unknown) {
    super(`Contract artifact not found: ${file}`, {
      cause,
      metaMessages: ["Compile the contracts first: npx hardhat build"],
    });
  }
}

/** A deployment or wiring transaction failed. */
export class DeployTransactionError extends BaseError {
  override name = "DeployTransactionError";
  constructor(step: string, cause?: unknown) {
    super(`Deployment step failed: ${step}`, { cause });
  }
}

/** A deployment or devnet set-up step failed (a reverted transaction, a missing artifact, a bad address). */
export class DeploymentError extends BaseError {
  override name = "DeploymentError";
  constructor(shortMessage: string, args: BaseErrorParameters = {}) {
    super(shortMessage, args);
  }
}
