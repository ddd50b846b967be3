import { formatHumanValue, HUMAN_LAYER_FIELDS, HUMAN_SETTINGS_FIELDS } from "./humanFields.ts";
import type { Policy } from "./Policy.ts";

/** One changed field, in human units. */
export type PolicyChange = { scope: "L1" | "L2" | "L3" | "settings"; key: string; before: string; after: string };

/** Changed fields from `before` to `after`, in on-chain order. */
export function policyChanges(before: Policy, after: Policy): PolicyChange[] {
  const out: PolicyChange[] = [];
  for (const l of [0, 1, 2] as const) {
    for (const f of HUMAN_LAYER_FIELDS) {
      const a = before.layers[l][f.field];
      const b = after.layers[l][f.field];
      if (a === b) continue;
      const scope = `L${l + 1}` as PolicyChange["scope"];
      out.push({ scope, key: f.key, before: formatHumanValue(f.unit, a), after: formatHumanValue(f.unit, b) });
    }
  }
  for (const f of HUMAN_SETTINGS_FIELDS) {
    const a = before.settings[f.field];
    const b = after.settings[f.field];
    if (a === b) continue;
    out.push({
      scope: "settings",
      key: f.key,
      before: formatHumanValue(f.unit, a),
      after: formatHumanValue(f.unit, b),
    });
  }
  return out;
}

/** Readable diff lines in human units, e.g. `L2 marginBuffer: 35% → 30%`. Empty when nothing changed. */
export function diffPolicy(before: Policy, after: Policy): string[] {
  return policyChanges(before, after).map((c) => `${c.scope} ${c.key}: ${c.before} → ${c.after}`);
}
