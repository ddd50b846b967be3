/**
 * What the fault proxy does to each HTTP request, as probabilities in [0, 1] drawn from its seeded PRNG:
 * `drop` closes the connection without an answer, `http429` answers 429 Too Many Requests, `http5xx` answers
 * 503, `delayMs` holds every forwarded request for a uniform 0…delayMs, `staleBlock` answers `eth_blockNumber`
 * (and `eth_getBlockByNumber("latest")`) with a block up to `staleDepth` behind the newest one seen.
 */
export type FaultKnobs = {
  drop: number;
  http429: number;
  http5xx: number;
  delayMs: number;
  staleBlock: number;
  staleDepth: number;
};

export const NO_FAULTS: FaultKnobs = { drop: 0, http429: 0, http5xx: 0, delayMs: 0, staleBlock: 0, staleDepth: 3 };

/** The measured mix: 30 % dropped connections, 10 % HTTP 429, up to 2 s delay, 20 % stale blocks. */
export const FAULT_MIX: FaultKnobs = {
  drop: 0.3,
  http429: 0.1,
  http5xx: 0,
  delayMs: 2_000,
  staleBlock: 0.2,
  staleDepth: 3,
};

export function faultKnobs(partial: Partial<FaultKnobs> = {}): FaultKnobs {
  return { ...NO_FAULTS, ...partial };
}
