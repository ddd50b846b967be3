import { BacktestInputError } from "./BacktestInputError.ts";
import type { VenueMarginModel } from "./sim/VenueMarginModel.ts";

/** Refuses a leverage the venue would not open (above 1 / its initial-margin ratio). */
export function checkLeverage(leverage: number, model: VenueMarginModel): void {
  const max = 1 / model.initialRatio;
  if (leverage <= max * (1 + 1e-9)) return;
  throw new BacktestInputError(`leverage ${leverage}x is above ${model.name}'s maximum ${+max.toFixed(4)}x`, {
    metaMessages: [
      `its initial-margin ratio is ${+(model.initialRatio * 100).toFixed(4)} %: the venue refuses to open the position`,
    ],
  });
}
