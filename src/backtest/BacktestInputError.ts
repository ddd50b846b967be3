import { BaseError } from "../errors/BaseError.ts";

/** A backtest asked for something the data or the model cannot give (empty window, bad position, …). */
export class BacktestInputError extends BaseError {
  override name = "BacktestInputError";
}
