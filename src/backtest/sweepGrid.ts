import { seededRandom } from "../faults/seededRandom.ts";
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

type Axis = { key: string; scope: string; field: string; values: readonly unknown[] };
type Choice = { key: string; scope: string; field: string; value: unknown };

/**
 * Every combination of a human grid applied to `base` (later keys vary fastest), each parsed like a policy
 * file; combinations the on-chain validation rejects are counted in `skipped`. An unknown key or a value the
 * format rejects throws (a typo must not shrink the grid silently).
 */
export function humanGridPoints(base: Policy, grid: HumanGrid): { points: SweepPoint[]; skipped: number } {
  const axes = gridAxes(grid);
  const points: SweepPoint[] = [];
  let skipped = 0;
  const pick = (k: number, chosen: Choice[]): void => {
    if (k === axes.length) {
      const point = gridPoint(base, chosen);
      if (point === undefined) skipped++;
      else points.push(point);
      return;
    }
    const axis = axes[k] as Axis;
    for (const value of axis.values) pick(k + 1, [...chosen, { ...axis, value }]);
  };
  pick(0, []);
  return { points, skipped };
}

/**
 * A random search over a human grid: `count` distinct combinations, each value of each key drawn uniformly
 * (seeded: the same seed draws the same points, in the same order), those the on-chain validation rejects
 * counted in `skipped` and redrawn. Stops early (with fewer points) after 50 × `count` draws, or when every
 * combination has been drawn. Keys and values are checked like `humanGridPoints`.
 */
export function sampleGridPoints(
  base: Policy,
  grid: HumanGrid,
  count: number,
  seed: number,
): { points: SweepPoint[]; skipped: number } {
  const axes = gridAxes(grid);
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const points: SweepPoint[] = [];
  let skipped = 0;
  for (let draw = 0; points.length < count && draw < 50 * count && seen.size < total; draw++) {
    const chosen = axes.map((a) => ({ ...a, value: a.values[Math.floor(random() * a.values.length)] }));
    const id = JSON.stringify(chosen.map((c) => c.value));
    if (seen.has(id)) continue;
    seen.add(id);
    const point = gridPoint(base, chosen);
    if (point === undefined) skipped++;
    else points.push(point);
  }
  return { points, skipped };
}

function gridAxes(grid: HumanGrid): Axis[] {
  return Object.entries(grid).map(([key, values]) => {
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
}

/** `base` with the chosen values, parsed like a policy file; undefined when the on-chain validation rejects it. */
function gridPoint(base: Policy, chosen: readonly Choice[]): SweepPoint | undefined {
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
  if (policyViolation(policy) !== undefined) return undefined;
  return { label: chosen.map((c) => `${c.key}=${String(c.value)}`).join(" "), policy };
}
