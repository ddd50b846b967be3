const E18 = 10n ** 18n;

/** The emergency module's governed parameters (changed later only by its admin, the DAO's Timelock). */
export type EmergencyModuleParams = {
  /** Minimum seconds between two module actions on one book. */
  cooldown: number;
  /** Fixed window for the per-period caps (seconds). */
  period: number;
  /** Margin the module may add to one book per period (18 decimals). */
  periodMarginCap: bigint;
  /** Notional the module may cut from one book per period (18 decimals). */
  periodReduceCap: bigint;
};

/** Devnet defaults: one action per 5 min, per hour at most 40k margin and 5M of cut notional per book. */
export function defaultEmergencyModuleParams(): EmergencyModuleParams {
  return { cooldown: 300, period: 3600, periodMarginCap: 40_000n * E18, periodReduceCap: 5_000_000n * E18 };
}
