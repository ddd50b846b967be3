/** Fixed-capacity float ring buffer (no allocation after construction). `back(0)` is the newest value. */
export class RingBuffer {
  readonly capacity: number;
  #data: Float64Array;
  #head = 0;
  #length = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity);
    this.#data = new Float64Array(this.capacity);
  }

  get length(): number {
    return this.#length;
  }

  get full(): boolean {
    return this.#length === this.capacity;
  }

  push(value: number): void {
    this.#data[this.#head] = value;
    this.#head = (this.#head + 1) % this.capacity;
    if (this.#length < this.capacity) this.#length++;
  }

  /** The k-th newest value (0 = newest); NaN when fewer than k + 1 values were pushed. */
  back(k: number): number {
    if (k >= this.#length) return Number.NaN;
    return this.#data[(this.#head - 1 - k + 2 * this.capacity) % this.capacity] ?? Number.NaN;
  }

  /** Sample mean and standard deviation (n − 1) of the stored values; NaN std when fewer than 2. */
  meanStd(): { mean: number; std: number } {
    const n = this.#length;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.#data[i] ?? 0;
    const mean = n > 0 ? sum / n : Number.NaN;
    if (n < 2) return { mean, std: Number.NaN };
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = (this.#data[i] ?? 0) - mean;
      ss += d * d;
    }
    return { mean, std: Math.sqrt(ss / (n - 1)) };
  }

  /** Sample standard deviation (n − 1); NaN when fewer than 2 values. */
  std(): number {
    const n = this.#length;
    if (n < 2) return Number.NaN;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.#data[i] ?? 0;
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = (this.#data[i] ?? 0) - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / (n - 1));
  }

  /** Max and min of the stored values (NaN when empty), written into `out`. */
  extremes(out: { max: number; min: number }): void {
    let max = Number.NaN;
    let min = Number.NaN;
    for (let i = 0; i < this.#length; i++) {
      const v = this.#data[i] ?? Number.NaN;
      if (!(v <= max)) max = v;
      if (!(v >= min)) min = v;
    }
    out.max = max;
    out.min = min;
  }
}
