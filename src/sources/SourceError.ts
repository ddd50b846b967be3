import { BaseError } from "../errors/BaseError.ts";

/** A data source (chain reads, oracle history, CSV) could not deliver what the keeper needs. */
export class SourceError extends BaseError {
  override name = "SourceError";
}
