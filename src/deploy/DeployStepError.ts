import { BaseError, type BaseErrorParameters } from "../errors/BaseError.ts";

/** A deployment or devnet set-up step failed (a reverted transaction, a missing artifact, a bad address). */
export class DeployStepError extends BaseError {
  override name = "DeployStepError";
  constructor(shortMessage: string, args: BaseErrorParameters = {}) {
    super(shortMessage, args);
  }
}
