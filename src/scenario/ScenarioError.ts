import { BaseError, type BaseErrorParameters } from "../errors/BaseError.ts";

/** A price path could not be loaded or replayed. */
export class ScenarioError extends BaseError {
  override name = "ScenarioError";
  constructor(shortMessage: string, args: BaseErrorParameters = {}) {
    super(shortMessage, args);
  }
}
