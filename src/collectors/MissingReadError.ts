import { BaseError, type BaseErrorParameters } from "../errors/BaseError.ts";

/** A batched read gave no result for one item (a rejected value that was not an Error, or an item left out). */
export class MissingReadError extends BaseError {
  override name = "MissingReadError";
  constructor(shortMessage: string, args: BaseErrorParameters = {}) {
    super(shortMessage, args);
  }
}
