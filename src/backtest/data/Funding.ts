/** Funding rate events: at `timeMs[k]` a position pays `size × mark × rate[k]` (long pays positive rates). */
export type Funding = {
  file: string;
  length: number;
  timeMs: Float64Array;
  /** Fraction per funding interval (0.0001 = 0.01 %). */
  rate: Float64Array;
  /** Interval each rate covers, in hours (from the file). */
  intervalHours: Float64Array;
};
