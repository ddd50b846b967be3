import { type HedgeState, sameHedge } from "../planner/HedgeState.ts";

/**
 * The venue facts a plan is built on: when any of them changes before the plan executes, the plan no longer
 * applies (the proposal built from it is superseded). Read from the chain live, from the simulator in the
 * backtester.
 */
export type PlanFacts = {
  /** Signed base size of the book's position (18 decimals). */
  positionSize: bigint;
  /** The book's hedge state (from executed actions). */
  hedge: HedgeState;
  /** The Safe's nonce (the slot the proposal's transaction takes). */
  safeNonce: number;
  policyVersion: number;
};

/** What changed between the facts a plan was built on and the facts now (undefined when nothing did). */
export function factsChange(
  built: PlanFacts,
  now: PlanFacts,
): { cause: "policy" | "nonce" | "position" | "hedge"; reason: string } | undefined {
  if (built.policyVersion !== now.policyVersion)
    return { cause: "policy", reason: `policy version changed ${built.policyVersion} -> ${now.policyVersion}` };
  if (built.safeNonce < now.safeNonce)
    return {
      cause: "nonce",
      reason: `Safe nonce ${built.safeNonce} was used by another transaction (now ${now.safeNonce})`,
    };
  if (built.positionSize !== now.positionSize)
    return {
      cause: "position",
      reason: `position changed since the plan (size ${built.positionSize} -> ${now.positionSize})`,
    };
  if (!sameHedge(built.hedge, now.hedge)) return { cause: "hedge", reason: "hedge state changed since the plan" };
  return undefined;
}
