import { BaseError } from "../errors/BaseError.ts";

/** A bar, funding observation or amount the signal engine cannot accept (out of order, not finite, …). */
export class SignalInputError extends BaseError {
  override name = "SignalInputError";
}
