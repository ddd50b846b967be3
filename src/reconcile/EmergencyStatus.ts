/** Action ids of `EmergencyModule.protect` (= `PolicyTypes.ACTION_*` bits). */
export const EmergencyAction = { addMargin: 1, reduce: 2 } as const;
export type EmergencyActionId = (typeof EmergencyAction)[keyof typeof EmergencyAction];

/**
 * `EmergencyModule.status(bookId)`: what `protect` would face now. Amounts 18 decimals, buffer ppm. Read from
 * the chain by the live keeper, computed by `moduleStatus` (the module's rules) in the backtester.
 */
export type EmergencyStatus = {
  moduleEnabled: boolean;
  modulePaused: boolean;
  bookPaused: boolean;
  inLayer3: boolean;
  bufferPpm: bigint;
  thresholdPpm: bigint;
  /** Unix seconds; 0 = never acted. */
  nextAllowedAt: bigint;
  /** Margin the module may still add now: min(period cap left, Layer-3 maxAddMargin). */
  marginLeft: bigint;
  /** Notional the module may still cut now: min(period cap left, Layer-3 maxHedgeNotional). */
  reduceLeft: bigint;
  /** The Safe's idle settlement-token balance. */
  idleBalance: bigint;
  /** The Safe approved this book (and its venue) for the module (`approveBook`). */
  bookApproved: boolean;
  /** When callers without KEEPER_ROLE may act (armed + grace delay); 0 = not armed. */
  openToAnyoneAt: bigint;
  /** Margin that lifts the buffer above the Layer-3 threshold (0 outside Layer 3): while the idle balance and the
   *  margin caps cover it, the module refuses a cut (`AddMarginCovers`). */
  marginNeeded: bigint;
};
