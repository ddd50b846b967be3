/** Injected time source: milliseconds since the epoch (a simulated clock in backtests). */
export type Clock = { now(): number };
