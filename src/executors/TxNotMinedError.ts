import { BaseError } from "../errors/BaseError.ts";

/** A transaction was sent (and fee-bumped) but not mined before the deadline. */
export class TxNotMinedError extends BaseError {
  override name = "TxNotMinedError";
  constructor(what: string, attempts: number, hashes: readonly string[], cause?: unknown) {
    super(`${what} not mined after ${attempts} attempt(s)`, {
      metaMessages: hashes.length > 0 ? [`sent: ${hashes.join(", ")}`] : ["nothing was accepted by the node"],
      cause,
    });
  }
}
