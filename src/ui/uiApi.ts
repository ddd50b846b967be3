import type { ProposalView } from "../review/proposalView.ts";
import type { DecisionChart } from "../review/ReviewStore.ts";

/** The review page's JSON API (served by `alvh ui` on 127.0.0.1). Types shared by the server and the page. */
export type SafeInfoView = { threshold: number; owners: string[]; nonce: number } | null;

export type ProposalsResponse = {
  now: number;
  books: { book: string; side: string; symbol: string; open: ProposalView[]; recent: ProposalView[] }[];
  safes: Record<string, SafeInfoView>;
};

export type ProposalResponse = {
  now: number;
  proposal: ProposalView;
  chart: DecisionChart | undefined;
  safe: SafeInfoView;
  /** Owner signatures collected so far (public data), for executing from the page. */
  signatures: { signer: string; signature: string }[];
};

export type SignatureRequest = { signer: string; signature: string };
export type ApiError = { error: string };
