import { type BookSettings, LAYER_FIELDS, type Layer, type Policy, SETTINGS_FIELDS } from "./Policy.ts";

/** A field id resolved to its place in the policy (see `layerFieldId` / `settingsFieldId` in Policy.ts). */
export type PolicyFieldRef =
  | { fieldId: number; layer: 0 | 1 | 2; field: (typeof LAYER_FIELDS)[number] }
  | { fieldId: number; layer: "settings"; field: (typeof SETTINGS_FIELDS)[number] };

/** Resolves a contract field id; `undefined` for ids the contract rejects with `UnknownField`. */
export function resolveFieldId(fieldId: number): PolicyFieldRef | undefined {
  if (!Number.isInteger(fieldId) || fieldId < 0 || fieldId > 255) return undefined;
  if (fieldId >= 64) {
    const field = SETTINGS_FIELDS[fieldId - 64];
    return field === undefined ? undefined : { fieldId, layer: "settings", field };
  }
  const layer = Math.floor(fieldId / 16);
  const field = LAYER_FIELDS[fieldId % 16];
  if (layer > 2 || field === undefined) return undefined;
  return { fieldId, layer: layer as 0 | 1 | 2, field };
}

/** Every field id the contract knows, ascending. */
export const ALL_FIELD_IDS: readonly number[] = Array.from({ length: 256 }, (_, i) => i).filter(
  (i) => resolveFieldId(i) !== undefined,
);

const LAYER_BITS: Record<(typeof LAYER_FIELDS)[number], number> = {
  signalMask: 16,
  minSignals: 8,
  rsiLevel: 16,
  macdHistPpm: 32,
  fundingRatePpm: 32,
  breadthPpm: 32,
  drawdownSpeedPpm: 32,
  realisedVolPpm: 32,
  impliedVolPpm: 32,
  marginBufferPpm: 32,
  hedgeRatioPpm: 32,
  actionMask: 8,
  maxHedgeNotional: 128,
  maxAddMargin: 128,
  targetBufferPpm: 32,
};

/** Largest value the field's Solidity type holds. */
export function fieldMax(ref: PolicyFieldRef): bigint {
  const bits = ref.layer === "settings" ? (SETTINGS_FIELDS.indexOf(ref.field) < 8 ? 16 : 32) : LAYER_BITS[ref.field];
  return (1n << BigInt(bits)) - 1n;
}

/** The field's value as a bigint. */
export function getPolicyField(policy: Policy, ref: PolicyFieldRef): bigint {
  return ref.layer === "settings"
    ? BigInt(policy.settings[ref.field])
    : BigInt(policy.layers[ref.layer][ref.field] as number | bigint);
}

/** A copy of `policy` with one field replaced (the value must fit the field's type). */
export function withPolicyField(policy: Policy, ref: PolicyFieldRef, value: bigint): Policy {
  const layers = policy.layers.map((l) => ({ ...l })) as [Layer, Layer, Layer];
  const settings: BookSettings = { ...policy.settings };
  if (ref.layer === "settings") settings[ref.field] = Number(value);
  else if (ref.field === "maxHedgeNotional" || ref.field === "maxAddMargin") layers[ref.layer][ref.field] = value;
  else layers[ref.layer][ref.field] = Number(value);
  return { layers, settings };
}
