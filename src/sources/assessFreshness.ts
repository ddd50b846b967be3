export type Freshness = { fresh: true; age: number } | { fresh: false; age: number; reason: string };

/**
 * Data observed at `observedAt` is acted on only while `now − observedAt ≤ maxStaleness` (all unix seconds).
 * A stale verdict carries a reason that names the source, the age and the bound.
 */
export function assessFreshness(source: string, observedAt: number, now: number, maxStaleness: number): Freshness {
  const age = now - observedAt;
  if (age <= maxStaleness) return { fresh: true, age };
  return { fresh: false, age, reason: `${source} data is ${age}s old > maxStaleness ${maxStaleness}s` };
}
