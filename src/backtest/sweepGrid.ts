import { HUMAN_LAYER_FIELDS, HUMAN_SETTINGS_FIELDS } from "../policy/humanFields.ts";
import type { Policy } from "../policy/Policy.ts";
import { parsePolicyJson, toPolicyJson } from "../policy/policyJson.ts";
import { policyViolation } from "../policy/validatePolicy.ts";
import { BacktestInputError } from "./BacktestInputError.ts";
import type { SweepPoint } from "./sweep.ts";

/**
 * A grid in the policy file's human units: `"L2.marginBuffer": ["30%", "35%"]`, `"settings.cooldown": ["2h"]`
 * (`L1` … `L3` or `settings`, then the field's key as in policies/default.json).
 */
export type HumanGrid = Record<string, readonly unknown[]>;

/**
 * Every combination of a human grid applied to `base` (later keys vary fastest), each parsed like a policy
 * file; combinations the on-chain validation rejects are counted in `skipped`. An unknown key or a value the
 * format rejects throws (a typo must not shrink the grid silently).
 */
export function humanGridPoints(base: Policy, grid: HumanGrid): { points: SweepPoint[]; skipped: number } {
  const axes = Object.entries(grid).map(([key, values]) => {
    const m = /^(L[123]|settings)\.(\w+)$/.exec(key);
    const scope = m?.[1];
    const field = m?.[2] ?? "";
    const known = scope === "settings" ? HUMAN_SETTINGS_FIELDS : HUMAN_LAYER_FIELDS;
    if (!scope || !known.some((f) => f.key === field)) {
      throw new BacktestInputError(`unknown sweep grid key "${key}"`, {
        metaMessages: [
          "expected L1.<field>, L2.<field>, L3.<field> or settings.<field> (keys of policies/default.json)",
        ],
      });
    }
    if (!Array.isArray(values) || values.length === 0) {
      throw new BacktestInputError(`sweep grid key "${key}" needs a non-empty list of values`);
    }
    return { key, scope, field, values };
  });
  const points: SweepPoint[] = [];
  let skipped = 0;
  const pick = (k: number, chosen: { key: string; scope: string; field: string; value: unknown }[]): void => {
    if (k === axes.length) {
      const human = structuredClone(toPolicyJson(base)) as {
        layers: Record<string, unknown>[];
        settings: Record<string, unknown>;
      };
      for (const c of chosen) {
        const target = c.scope === "settings" ? human.settings : (human.layers[Number(c.scope[1]) - 1] as object);
        (target as Record<string, unknown>)[c.field] = c.value;
      }
      let policy: Policy;
      try {
        policy = parsePolicyJson(human);
      } catch (cause) {
        throw new BacktestInputError("a sweep grid value is not valid in the policy format", {
          cause,
          metaMessages: [chosen.map((c) => `${c.key} = ${JSON.stringify(c.value)}`).join(", ")],
        });
      }
      if (policyViolation(policy) !== undefined) skipped++;
      else points.push({ label: chosen.map((c) => `${c.key}=${String(c.value)}`).join(" "), policy });
      return;
    }
    const axis = axes[k] as (typeof axes)[number];
    for (const value of axis.values) pick(k + 1, [...chosen, { ...axis, value }]);
  };
  pick(0, []);
  return { points, skipped };
}
