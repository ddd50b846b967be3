import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import type { Policy } from "../policy/Policy.ts";
import type { MarginFigures } from "./expectedMarginAfter.ts";

/**
 * Everything that justified a proposal, stored with it (JSON, exact bigints) and shown by
 * `alvh proposals show`. Reasons are the strategy's own (value, threshold, comparison, fired) plus their
 * human text.
 */
export type ProposalEvidence = {
  book: { id: string; side: "long" | "short"; market: string; symbol: string; account: string };
  block: { number: bigint; timestamp: number };
  policy: { version: number; hash: string; policy: Policy };
  decision: {
    status: string;
    layer: number;
    previousLayer: number;
    escalating: boolean;
    held: boolean;
    warm: boolean;
    marginBufferPpm: number;
    dataTime: number;
    time: number;
  };
  reasons: {
    text: string;
    layer: number;
    signal: string;
    value: number;
    threshold: number;
    op: string;
    fired: boolean;
    /** Absent in evidence recorded before these fields were stored (derived from `signal` then). */
    kind?: string;
    unit?: string;
    relaxed?: boolean;
  }[];
  /** The book market's signals at the decision (floats; NaN written as null). */
  inputs: Record<string, number | boolean | string | null>;
  plan: { key: string; canonical: string; intents: readonly HedgeIntent[]; words: string[] };
  calls: { to: string; value: bigint; data: string; operation: number }[];
  margin: { before: MarginFigures; expectedAfter: MarginFigures; maintenanceRatioPpm: bigint };
};
