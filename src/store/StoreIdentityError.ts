import { BaseError } from "../errors/BaseError.ts";

/** The store was written for another chain, deployment or book: the keeper refuses to start on it. */
export class StoreIdentityError extends BaseError {
  override name = "StoreIdentityError";
  readonly field: string;

  constructor(file: string, field: string, stored: string, actual: string) {
    super(
      `Store ${file} belongs to another ${field} (stored ${stored}, now ${actual}): start with --reset-store or set a new dbPath`,
    );
    this.field = field;
  }
}
