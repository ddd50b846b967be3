import { BaseError, type BaseErrorParameters } from "../errors/BaseError.ts";

/** A venue read or intent encoding failed (a reverted view, an unknown market, an impossible intent). */
export class VenueError extends BaseError {
  override name = "VenueError";
  constructor(shortMessage: string, args: BaseErrorParameters = {}) {
    super(shortMessage, args);
  }
}
