import { humanValue } from "./humanField.ts";
import { ACTION_COUNT, type Layer, type Policy, PPM, RSI_SCALE, SIGNAL_COUNT } from "./Policy.ts";
import { type PolicyRule, PolicyValidationError } from "./PolicyValidationError.ts";

/** A layer field's value as the policy file writes it (percent, RSI level, amount). */
const shown = (field: string, value: number | bigint) => humanValue("layer", field, value);

/** Bounds shared with `contracts/libraries/PolicyValidation.sol`. */
export const MAX_VOL_PPM = 10_000_000;
export const MAX_COOLDOWN = 30 * 24 * 3600;
export const MAX_SLIPPAGE_PPM = 100_000;
const RSI_MAX = 100 * RSI_SCALE;
const SIGNAL_ALL = (1 << SIGNAL_COUNT) - 1;
const ACTION_ALL = (1 << ACTION_COUNT) - 1;

/** Signal bit i → its threshold field and maximum, in bit order. */
const SIGNAL_FIELDS = [
  ["rsiLevel", RSI_MAX],
  ["macdHistPpm", PPM],
  ["fundingRatePpm", PPM],
  ["breadthPpm", PPM],
  ["drawdownSpeedPpm", PPM],
  ["realisedVolPpm", MAX_VOL_PPM],
  ["impliedVolPpm", MAX_VOL_PPM],
] as const satisfies readonly (readonly [keyof Layer, number])[];

/**
 * Throws `PolicyValidationError` on the first broken invariant, in exactly the contract's order
 * (`PolicyValidation.sol`): layers 0..2 field by field, then settings. Returns the policy when valid.
 */
export function validatePolicy(policy: Policy): Policy {
  for (const l of [0, 1, 2] as const) validateLayer(policy, l);
  validateSettings(policy);
  return policy;
}

/** The first broken invariant, or `undefined` when the policy is valid. */
export function policyViolation(policy: Policy): PolicyValidationError | undefined {
  try {
    validatePolicy(policy);
    return undefined;
  } catch (error) {
    if (error instanceof PolicyValidationError) return error;
    throw error;
  }
}

function fail(layer: 0 | 1 | 2 | "settings", field: string, value: number | bigint, rule: PolicyRule, hint: string) {
  throw new PolicyValidationError({ layer, field, value: BigInt(value), rule, hint });
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

function validateLayer(policy: Policy, l: 0 | 1 | 2): void {
  const layer = policy.layers[l];
  const below = l > 0 ? policy.layers[l - 1] : undefined;
  const name = `L${l + 1}`;
  if ((layer.signalMask & ~SIGNAL_ALL) !== 0) {
    fail(l, "signalMask", layer.signalMask, "unknownBits", `known signal bits are 0..${SIGNAL_COUNT - 1}`);
  }
  const enabled = popcount(layer.signalMask);
  if (layer.minSignals > enabled || (layer.signalMask !== 0 && layer.minSignals === 0)) {
    fail(l, "minSignals", layer.minSignals, "range", `must be between 1 and the ${enabled} enabled signal(s)`);
  }
  for (const [s, [field, max]] of SIGNAL_FIELDS.entries()) {
    const value = layer[field];
    if (value > max) fail(l, field, value, "max", `must be at most ${shown(field, max)}`);
    if ((layer.signalMask & (1 << s)) === 0) continue;
    if (value === 0) fail(l, field, value, "zero", `${name} enables this signal, so its threshold must be > 0`);
    for (let k = 0; k < l; k++) {
      const lower = policy.layers[k] as Layer;
      if ((lower.signalMask & (1 << s)) !== 0 && value < lower[field]) {
        fail(
          l,
          field,
          value,
          "order",
          `must not be below L${k + 1}'s ${shown(field, lower[field])} (stress rises from L1 to L3)`,
        );
      }
    }
  }
  const buffer = layer.marginBufferPpm;
  if (buffer === 0) fail(l, "marginBufferPpm", buffer, "zero", "the margin-buffer trigger must be > 0");
  if (buffer >= PPM) fail(l, "marginBufferPpm", buffer, "max", "must be below 100%");
  if (below && buffer >= below.marginBufferPpm) {
    fail(
      l,
      "marginBufferPpm",
      buffer,
      "order",
      `must be below L${l}'s ${shown("marginBufferPpm", below.marginBufferPpm)} (tightens L1 → L3)`,
    );
  }
  const ratio = layer.hedgeRatioPpm;
  if (ratio > PPM) fail(l, "hedgeRatioPpm", ratio, "max", "must be at most 100%");
  if (below && ratio < below.hedgeRatioPpm) {
    fail(
      l,
      "hedgeRatioPpm",
      ratio,
      "order",
      `must not be below L${l}'s ${shown("hedgeRatioPpm", below.hedgeRatioPpm)}`,
    );
  }
  if (layer.actionMask === 0) fail(l, "actionMask", 0, "zero", "at least one action must be allowed");
  if ((layer.actionMask & ~ACTION_ALL) !== 0) {
    fail(l, "actionMask", layer.actionMask, "unknownBits", `known action bits are 0..${ACTION_COUNT - 1}`);
  }
  for (const field of ["maxHedgeNotional", "maxAddMargin"] as const) {
    const value = layer[field];
    if (value === 0n) fail(l, field, value, "zero", "caps must be > 0");
    if (below && value < below[field])
      fail(l, field, value, "order", `must not be below L${l}'s ${shown(field, below[field])}`);
  }
  const target = layer.targetBufferPpm;
  if (target >= PPM) fail(l, "targetBufferPpm", target, "max", "must be below 100%");
  if (target !== 0 && target <= buffer) {
    fail(
      l,
      "targetBufferPpm",
      target,
      "order",
      `must be above ${name}'s marginBuffer ${shown("marginBufferPpm", buffer)} (0 = off)`,
    );
  }
}

function validateSettings(policy: Policy): void {
  const s = policy.settings;
  const zero = (field: keyof typeof s) => {
    if (s[field] === 0) fail("settings", field, 0, "zero", "must be > 0");
  };
  zero("rsiPeriod");
  zero("macdFast");
  zero("macdSlow");
  if (s.macdSlow <= s.macdFast) {
    fail("settings", "macdSlow", s.macdSlow, "order", `must be above macdFast (${s.macdFast})`);
  }
  zero("macdSignal");
  zero("emaPeriod");
  zero("volWindowBars");
  zero("drawdownWindowBars");
  zero("fundingWindow");
  zero("barInterval");
  if (s.cooldown > MAX_COOLDOWN) fail("settings", "cooldown", s.cooldown, "max", "must be at most 30 days");
  if (s.hysteresisPpm >= PPM) fail("settings", "hysteresisPpm", s.hysteresisPpm, "max", "must be below 100%");
  if (s.maxStaleness < s.barInterval) {
    fail("settings", "maxStaleness", s.maxStaleness, "order", `must be at least barInterval (${s.barInterval}s)`);
  }
  if (s.maxSlippagePpm === 0)
    fail("settings", "maxSlippagePpm", 0, "zero", "must be above 0 (every bounded trade would fail)");
  if (s.maxSlippagePpm > MAX_SLIPPAGE_PPM) {
    fail("settings", "maxSlippagePpm", s.maxSlippagePpm, "max", "must be at most 10%");
  }
  if (s.referenceBufferPpm >= PPM) {
    fail("settings", "referenceBufferPpm", s.referenceBufferPpm, "max", "must be below 100% (0 = off)");
  }
}
