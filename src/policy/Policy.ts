/**
 * The ALVH policy of one book, in on-chain units: the exact mirror of `PolicyTypes.sol`.
 * Every number the keeper uses to decide a hedge lives here (and so on-chain, governed).
 *
 * Units:
 * - `*Ppm`: parts per million (1_000_000 = 100 %), the unit Perp v2 uses for its ratios.
 * - `rsiLevel`: hundredths of an RSI point (7000 = RSI 70.00).
 * - durations: seconds; windows/periods: bars.
 * - notionals and margin amounts: settlement-token base units (18 decimals), bigint.
 *
 * Every signal is **adverse-oriented** so thresholds mirror for long and short books: for a long book
 * "adverse RSI" is 100 − RSI (price falling), for a short book it is RSI; the adverse MACD histogram is
 * −histogram for a long and +histogram for a short; drawdown speed is the move against the position.
 */
export const PPM = 1_000_000;
export const RSI_SCALE = 100;

/** Bit positions in `Layer.signalMask`. */
export const Signal = {
  RSI: 0,
  MACD: 1,
  FUNDING: 2,
  BREADTH: 3,
  DRAWDOWN: 4,
  REALISED_VOL: 5,
  IMPLIED_VOL: 6,
} as const;
export type SignalName = keyof typeof Signal;
export const SIGNAL_COUNT = 7;

/** Bit positions in `Layer.actionMask`. */
export const Action = {
  ADD_MARGIN: 0,
  REDUCE: 1,
  OFFSET_HEDGE: 2,
  OPTIONS: 3,
} as const;
export type ActionName = keyof typeof Action;
export const ACTION_COUNT = 4;

export type Layer = {
  /** Which signal triggers are enabled (bit i = `Signal` i). 0 = margin-buffer trigger only. */
  signalMask: number;
  /** How many enabled signals must fire together for the layer to fire on signals. */
  minSignals: number;
  /** Adverse RSI ≥ this fires (hundredths). */
  rsiLevel: number;
  /** Adverse MACD histogram ≥ this share of price fires (ppm). */
  macdHistPpm: number;
  /** |funding rate per funding interval| ≥ this fires (ppm; 100 = 0.01 %). */
  fundingRatePpm: number;
  /** Share of tracked markets moving against the position (below their EMA for a long) ≥ this fires (ppm). */
  breadthPpm: number;
  /** Adverse move over `settings.drawdownWindowBars` ≥ this share of price fires (ppm). */
  drawdownSpeedPpm: number;
  /** Annualised realised volatility ≥ this fires (ppm; 800_000 = 80 %). */
  realisedVolPpm: number;
  /** Implied volatility index (e.g. DVOL/100) ≥ this fires (ppm). */
  impliedVolPpm: number;
  /** Margin buffer = (account value − maintenance requirement) / account value ≤ this fires the layer on its own (ppm). */
  marginBufferPpm: number;
  /** Target share of the position's exposure hedged while this layer is active (ppm). */
  hedgeRatioPpm: number;
  /** Allowed hedge actions (bit i = `Action` i). */
  actionMask: number;
  /** Cap on total hedge notional while this layer is active (settlement units, 18 decimals). */
  maxHedgeNotional: bigint;
  /** Cap on margin added by one action (settlement units, 18 decimals). */
  maxAddMargin: bigint;
  /**
   * Repay-to-buffer sizing (ppm; 0 = off): when > 0, the layer cuts just enough exposure to bring the margin
   * buffer back to this level — on entering the layer and whenever the buffer is at or below the layer's
   * `marginBufferPpm` — instead of hedging `hedgeRatioPpm` of the position; `hedgeRatioPpm` and
   * `maxHedgeNotional` still cap the total. Must lie above `marginBufferPpm`.
   */
  targetBufferPpm: number;
};

export type BookSettings = {
  rsiPeriod: number;
  macdFast: number;
  macdSlow: number;
  macdSignal: number;
  emaPeriod: number;
  volWindowBars: number;
  drawdownWindowBars: number;
  /** Funding observations in the z-score window. */
  fundingWindow: number;
  /** Bar length (seconds). */
  barInterval: number;
  /** Minimum time between two proposals for the book (seconds). */
  cooldown: number;
  /** Relative margin a signal must clear (below its threshold, or a buffer above its trigger) before a layer is left (ppm). */
  hysteresisPpm: number;
  /** Data older than this is never acted on (seconds). */
  maxStaleness: number;
  /** Maximum slippage accepted on hedge trades (ppm). */
  maxSlippagePpm: number;
  /**
   * The entry buffer the layers' `marginBufferPpm` and `targetBufferPpm` are written for (ppm; 0 = off: as
   * written for every book). A book whose reference buffer B (its unhedged-equivalent buffer when the strategy
   * first evaluated it, kept in its `BookState`) is above this uses every trigger and target T as
   * 1 − (1 − T) × (1 − B) / (1 − referenceBufferPpm) — the same multiples of its own entry leverage, since a
   * buffer b is a leverage of (1 − b) / maintenance ratio. A book at or below it uses T as written: scaling only
   * ever tightens. The EmergencyModule reads Layer 3's `marginBufferPpm` as written. Must be below 100 %.
   */
  referenceBufferPpm: number;
};

export type Policy = {
  layers: readonly [Layer, Layer, Layer];
  settings: BookSettings;
};

/** Numeric fields a risk steward may change one at a time; the id is what the contract takes. */
export const LAYER_FIELDS = [
  "signalMask",
  "minSignals",
  "rsiLevel",
  "macdHistPpm",
  "fundingRatePpm",
  "breadthPpm",
  "drawdownSpeedPpm",
  "realisedVolPpm",
  "impliedVolPpm",
  "marginBufferPpm",
  "hedgeRatioPpm",
  "actionMask",
  "maxHedgeNotional",
  "maxAddMargin",
  "targetBufferPpm",
] as const satisfies readonly (keyof Layer)[];

export const SETTINGS_FIELDS = [
  "rsiPeriod",
  "macdFast",
  "macdSlow",
  "macdSignal",
  "emaPeriod",
  "volWindowBars",
  "drawdownWindowBars",
  "fundingWindow",
  "barInterval",
  "cooldown",
  "hysteresisPpm",
  "maxStaleness",
  "maxSlippagePpm",
  "referenceBufferPpm",
] as const satisfies readonly (keyof BookSettings)[];

/** Field id = layerIndex * 16 + index in LAYER_FIELDS (layers 0..2), or 64 + index in SETTINGS_FIELDS. */
export function layerFieldId(layer: 0 | 1 | 2, field: (typeof LAYER_FIELDS)[number]): number {
  return layer * 16 + LAYER_FIELDS.indexOf(field);
}
export function settingsFieldId(field: (typeof SETTINGS_FIELDS)[number]): number {
  return 64 + SETTINGS_FIELDS.indexOf(field);
}
