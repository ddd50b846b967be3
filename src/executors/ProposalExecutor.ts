import type { ProposalDraft, ProposeOutcome } from "../proposer/Proposer.ts";
import type { ProposalRecord } from "../store/types.ts";

/** The signers' side of the action layer (the `Proposer`: Safe transactions with evidence, delivered). */
export interface ProposalExecutor {
  propose(draft: ProposalDraft): Promise<ProposeOutcome>;
  /** Supersedes one open proposal with the reason; undefined when it was not open. */
  withdraw(id: string, reason: string): ProposalRecord | undefined;
  /** Delivers what was recorded but not delivered yet (a crash, a failed delivery). */
  deliverPending(): Promise<ProposalRecord[]>;
}
