import { BaseError } from "../errors/BaseError.ts";

/** A request to the review page's API cannot be served (unknown proposal, bad signature, not an owner, …). */
export class UiRequestError extends BaseError {
  override name = "UiRequestError";
  readonly status: number;

  constructor(status: number, message: string, args: ConstructorParameters<typeof BaseError>[1] = {}) {
    super(message, args);
    this.status = status;
  }
}
