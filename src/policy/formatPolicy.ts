import { formatHumanValue, HUMAN_LAYER_FIELDS, HUMAN_SETTINGS_FIELDS } from "./humanFields.ts";
import type { Policy } from "./Policy.ts";

/** The policy as aligned text lines in human units: one row per layer field (L1 L2 L3 columns), then settings. */
export function formatPolicy(policy: Policy): string[] {
  const rows = HUMAN_LAYER_FIELDS.map((f) => [
    f.key,
    ...policy.layers.map((l) => formatHumanValue(f.unit, l[f.field])),
  ]);
  const header = ["field", "L1", "L2", "L3"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const settingsWidth = Math.max(...HUMAN_SETTINGS_FIELDS.map((f) => f.key.length));
  return [
    line(header),
    ...rows.map(line),
    "",
    "settings",
    ...HUMAN_SETTINGS_FIELDS.map(
      (f) => `  ${f.key.padEnd(settingsWidth)}  ${formatHumanValue(f.unit, policy.settings[f.field])}`,
    ),
  ];
}
