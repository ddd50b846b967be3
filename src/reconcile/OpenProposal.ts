import type { PlanFacts } from "./PlanFacts.ts";

/** A proposal of the book that is with the signers (not executed, superseded or failed), as reconcile sees it. */
export type OpenProposal = {
  id: string;
  layer: number;
  policyVersion: number;
  planKey: string;
  safeNonce: number;
  /** The facts its plan was built on (undefined for records made before they were stored: never stale by them). */
  builtOn: PlanFacts | undefined;
};
