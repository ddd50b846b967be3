export type BackoffOptions = {
  /** First retry waits up to this (ms); each retry doubles the bound. */
  baseDelayMs: number;
  /** Upper bound of any single wait (ms). */
  maxDelayMs: number;
};

/**
 * "Full jitter" exponential backoff: a uniform draw in [0, min(max, base·2^attempt)], so keepers retrying the
 * same failing node do not retry in step. `random` is injected (seeded in tests).
 */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number): number {
  const bound = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * bound);
}
