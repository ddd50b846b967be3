const E18 = 10n ** 18n;

/** The emergency module's governed parameters (changed later only by its admin, the DAO's Timelock). */
export type EmergencyModuleParams = {
  /** Minimum seconds between two module actions on one book. */
  cooldown: number;
  /** Sliding window for the per-period caps (seconds): totals over ANY `period` seconds. */
  period: number;
  /** Margin the module may add to one book per period (18 decimals). */
  periodMarginCap: bigint;
  /** Notional the module may cut from one book per period (18 decimals). */
  periodReduceCap: bigint;
  /** Buffer gain (ppm points) an action must reach unless it lifts the book out of Layer 3. */
  minEffectPpm: number;
  /** Seconds a book must be armed in Layer 3 before callers without KEEPER_ROLE may act. */
  graceDelay: number;
  /** Largest spot/mark distance from the index for a non-keeper cut (ppm). */
  priceTolerancePpm: number;
};

/**
 * Devnet defaults: one action per 5 min, over any hour at most 40k margin and 5M of cut notional per book; an
 * action must lift the buffer by 0.5 % points (or out of Layer 3); anyone may act 10 min after a book is armed,
 * with pool and mark within 1 % of the index.
 */
export function defaultEmergencyModuleParams(): EmergencyModuleParams {
  return {
    cooldown: 300,
    period: 3600,
    periodMarginCap: 40_000n * E18,
    periodReduceCap: 5_000_000n * E18,
    minEffectPpm: 5_000,
    graceDelay: 600,
    priceTolerancePpm: 10_000,
  };
}
