import { BaseError } from "../errors/BaseError.ts";

/** The call would revert now (simulated against the latest state): the contract clearly refuses it. */
export class TxRefusedError extends BaseError {
  override name = "TxRefusedError";
  constructor(what: string, cause: unknown) {
    super(`${what} refused by the contract`, { cause });
  }
}
