import { BaseError } from "../errors/BaseError.ts";

/** Building, signing, delivering or executing a Safe proposal failed. */
export class ProposerError extends BaseError {
  override name = "ProposerError";
}
