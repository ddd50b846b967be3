import type { StoredBar } from "../store/types.ts";

/** One observed price at a time (ms since epoch), e.g. an oracle round. */
export type PriceSample = { t: number; price: number };

/**
 * Aggregates price samples into OHLC bars of a fixed interval (seconds; bar open times in ms, aligned to a
 * multiple of the interval).
 * A bar closes when a sample from a later interval arrives; intervals with no sample in between are
 * filled with flat bars at the last close, so indicators see a regular series.
 */
export class BarBuilder {
  readonly interval: number;
  readonly #ms: number;
  #current: StoredBar | undefined;

  constructor(interval: number, last?: StoredBar) {
    if (!Number.isInteger(interval) || interval <= 0) throw new RangeError(`bar interval must be a positive integer`);
    this.interval = interval;
    this.#ms = interval * 1000;
    this.#current = last ? { ...last } : undefined;
  }

  /** The bar still forming (not yet closed), if any. */
  get current(): StoredBar | undefined {
    return this.#current ? { ...this.#current } : undefined;
  }

  /** Adds a sample; returns the bars it closed (oldest first). Samples older than the forming bar are ignored. */
  add(sample: PriceSample): StoredBar[] {
    const open = Math.floor(sample.t / this.#ms) * this.#ms;
    const cur = this.#current;
    if (!cur) {
      this.#current = { t: open, open: sample.price, high: sample.price, low: sample.price, close: sample.price };
      return [];
    }
    if (open < cur.t) return [];
    if (open === cur.t) {
      cur.high = Math.max(cur.high, sample.price);
      cur.low = Math.min(cur.low, sample.price);
      cur.close = sample.price;
      return [];
    }
    const closed: StoredBar[] = [{ ...cur }];
    for (let t = cur.t + this.#ms; t < open; t += this.#ms)
      closed.push({ t, open: cur.close, high: cur.close, low: cur.close, close: cur.close });
    this.#current = { t: open, open: sample.price, high: sample.price, low: sample.price, close: sample.price };
    return closed;
  }

  /** Closes the forming bar if `nowMs` is past its end (time moved on without a new sample). */
  closeUntil(nowMs: number): StoredBar[] {
    const cur = this.#current;
    if (!cur || nowMs < cur.t + this.#ms) return [];
    const open = Math.floor(nowMs / this.#ms) * this.#ms;
    const closed = this.add({ t: open, price: cur.close });
    return closed;
  }
}

/** Aggregates a sorted list of samples into closed bars plus the still-forming last bar. */
export function aggregateBars(samples: readonly PriceSample[], interval: number): StoredBar[] {
  const b = new BarBuilder(interval);
  const out: StoredBar[] = [];
  for (const s of [...samples].sort((x, y) => x.t - y.t)) out.push(...b.add(s));
  if (b.current) out.push(b.current);
  return out;
}
