import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import { canonicalPlan, planKeyOf } from "../planner/planKey.ts";
import type { Plan } from "../strategy/runStrategy.ts";

/** The plan restricted to `intents`, with its own canonical text and key (undefined when none are left). */
export function subPlan(plan: Plan, intents: readonly HedgeIntent[]): Plan | undefined {
  if (intents.length === 0) return undefined;
  const canonical = canonicalPlan(plan.bookId, plan.policyVersion, plan.layer, intents);
  return { ...plan, intents, canonical, key: planKeyOf(canonical) };
}
