import type { VenueMarginModel } from "./VenueMarginModel.ts";

/** What a fill cost: `fee` is the taker fee, `slippageCost` the price impact, both in quote units. */
export type Fill = { price: number; fee: number; slippageCost: number };

/**
 * One isolated perp account on one market, in quote units (floats: simulation, not settlement).
 * Signed base `size` (+ long, − short) and `cash` such that account value = cash + size × price:
 * opening a 5x long with collateral C at P gives size = 5C/P and cash = C − size·P (= −4C).
 *
 * Liquidatable ⇔ value < maintenanceRatio × |size| × price. Solving for the price gives a closed form,
 * so a bar is checked against its adverse extreme (low for a long, high for a short) — a breach inside the
 * bar counts even when the bar closes back above maintenance.
 */
export class MarginAccount {
  readonly model: VenueMarginModel;
  size = 0;
  cash: number;
  liquidated = false;

  constructor(model: VenueMarginModel, collateral: number) {
    this.model = model;
    this.cash = collateral;
  }

  value(price: number): number {
    return this.cash + this.size * price;
  }

  requirement(price: number): number {
    return this.model.maintenanceRatio * Math.abs(this.size) * price;
  }

  /**
   * (value − requirement) / value: 1 when flat, ≤ 0 when liquidatable; clamped at −1 (value gone), since
   * the ratio runs to −∞ as the value approaches 0.
   */
  buffer(price: number): number {
    if (this.size === 0) return 1;
    const v = this.cash + this.size * price;
    if (v <= 0) return -1;
    const b = (v - this.model.maintenanceRatio * Math.abs(this.size) * price) / v;
    return Math.max(-1, b);
  }

  /** Price at which value = requirement (NaN when flat or when no positive price breaches). */
  liquidationPrice(): number {
    return this.priceAtBuffer(0);
  }

  /**
   * Price at which the buffer (value − requirement) / value falls to `b` (0 ≤ b < 1): for a long the price
   * below which the buffer is < b, for a short the price above which it is. NaN when flat or unreachable.
   */
  priceAtBuffer(b: number): number {
    return this.priceAtBufferWith(b, 0, 0);
  }

  /**
   * `priceAtBuffer` for the buffer the strategy's margin triggers read on a hedged book — the buffer if the
   * hedge were unwound (`unhedgedBufferPpm`): value − `lessValue` (added margin) against the requirement on
   * |size| × price + `extraNotional` (the notional cut, re-added at its cut value). Both 0: the plain buffer.
   * NaN when flat or unreachable.
   */
  priceAtBufferWith(b: number, extraNotional: number, lessValue: number): number {
    const mm = this.model.maintenanceRatio;
    if (this.size === 0) return Number.NaN;
    // (cash − lessValue + size·p)(1 − b) = mm·(|size|·p + extraNotional), solved for p
    const num = mm * extraNotional - (this.cash - lessValue) * (1 - b);
    const den = this.size > 0 ? this.size * (1 - b - mm) : this.size * (1 - b + mm);
    const p = num / den;
    return p > 0 ? p : Number.NaN;
  }

  /**
   * Checks one bar's path: the first price at which the account is liquidatable, or NaN if none.
   * A long breaches if `low` goes below its liquidation price, a short if `high` goes above it; when the
   * bar already opens beyond it (a gap), the open is the breach price.
   */
  breachInBar(open: number, high: number, low: number): number {
    if (this.size === 0) return Number.NaN;
    const p = this.liquidationPrice();
    if (this.size > 0) {
      if (Number.isNaN(p)) return this.value(open) <= 0 ? open : Number.NaN;
      return low < p ? Math.min(open, p) : Number.NaN;
    }
    if (Number.isNaN(p)) return open; // a short with cash ≤ 0 is under water at any price
    return high > p ? Math.max(open, p) : Number.NaN;
  }

  /** Trades `delta` base (+ buy, − sell) at `refPrice` ± slippage, paying the taker fee. */
  trade(delta: number, refPrice: number): Fill {
    if (delta === 0) return { price: refPrice, fee: 0, slippageCost: 0 };
    const price = this.#fillPrice(delta, refPrice);
    const fee = this.model.takerFee * Math.abs(delta) * price;
    this.cash -= delta * price + fee;
    this.size += delta;
    if (Math.abs(this.size) < 1e-12 * Math.abs(delta)) this.size = 0;
    return { price, fee, slippageCost: Math.abs(delta) * Math.abs(price - refPrice) };
  }

  /**
   * [value, requirement] at `refPrice` after cutting `cut` base off the position (toward zero; `trade` of
   * −sign(size) × cut at `refPrice`, fee and slippage included), without changing the account.
   */
  afterTrade(cut: number, refPrice: number): [number, number] {
    const delta = this.size > 0 ? -Math.abs(cut) : Math.abs(cut);
    if (cut === 0 || this.size === 0) return [this.value(refPrice), this.requirement(refPrice)];
    const price = this.#fillPrice(delta, refPrice);
    const cash = this.cash - delta * price - this.model.takerFee * Math.abs(delta) * price;
    let size = this.size + delta;
    if (Math.abs(size) < 1e-12 * Math.abs(delta)) size = 0;
    return [cash + size * refPrice, this.model.maintenanceRatio * Math.abs(size) * refPrice];
  }

  #fillPrice(delta: number, refPrice: number): number {
    return refPrice * (delta > 0 ? 1 + this.model.slippage : 1 - this.model.slippage);
  }

  /** Funding at `mark`: the account pays size × mark × rate (a long pays a positive rate). Returns the payment. */
  applyFunding(rate: number, mark: number): number {
    const payment = this.size * mark * rate;
    this.cash -= payment;
    return payment;
  }

  /** Moves idle quote into the account as margin. */
  addMargin(amount: number): void {
    this.cash += amount;
  }

  /**
   * Closes the whole position at `price` (no slippage: the liquidator takes the position at that price) and
   * charges the venue's penalty on the closed notional. Equity is floored at 0 (bad debt is the venue's).
   * Returns the penalty charged.
   */
  liquidate(price: number): number {
    const notional = Math.abs(this.size) * price;
    const penalty = this.model.liquidationPenalty * notional;
    this.cash += this.size * price - penalty;
    this.size = 0;
    if (this.cash < 0) this.cash = 0;
    this.liquidated = true;
    return penalty;
  }
}
