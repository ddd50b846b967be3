/** One closed price bar. `t` is the bar's open time (ms since epoch); prices are floats in quote units. */
export type Bar = {
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
};
