import { formatHumanValue, HUMAN_LAYER_FIELDS, HUMAN_SETTINGS_FIELDS, type HumanUnit } from "./humanFields.ts";

/** An on-chain field name (`marginBufferPpm`) as the policy file writes it (`marginBuffer`), with its unit. */
export function humanField(scope: "layer" | "settings", field: string): { key: string; unit: HumanUnit } {
  const table: readonly { key: string; field: string; unit: HumanUnit }[] =
    scope === "layer" ? HUMAN_LAYER_FIELDS : HUMAN_SETTINGS_FIELDS;
  const hit = table.find((f) => f.field === field);
  return hit ? { key: hit.key, unit: hit.unit } : { key: field, unit: "int" };
}

/** A field's on-chain value in the policy file's units (`350000` ppm → `"35%"`, `3600` s → `"1h"`). */
export function humanValue(scope: "layer" | "settings", field: string, value: number | bigint): string {
  return formatHumanValue(humanField(scope, field).unit, value);
}
