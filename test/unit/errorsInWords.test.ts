import { ContractFunctionRevertedError, encodeErrorResult, BaseError as ViemBaseError } from "viem";
import { describe, expect, it } from "vitest";
import { BacktestInputError } from "../../src/backtest/BacktestInputError.ts";
import { CsvFormatError } from "../../src/backtest/data/CsvFormatError.ts";
import { formatCliError } from "../../src/cli/formatCliError.ts";
import { DeployStepError } from "../../src/deploy/DeployStepError.ts";
import { describeRevert, explainRevertCode } from "../../src/errors/describeRevert.ts";
import { explainRefusal } from "../../src/governance/explainRefusal.ts";
import { GovernanceError } from "../../src/governance/GovernanceError.ts";
import type { ProposalStatus } from "../../src/governance/governorActions.ts";
import { hedgeGuardAbi } from "../../src/guard/guardAbis.ts";

const E18 = 10n ** 18n;
const NOW = 1_800_000_000n;
const status = (state: ProposalStatus["state"], extra: Partial<ProposalStatus> = {}): ProposalStatus => ({
  proposalId: 7n,
  state,
  snapshot: NOW + 60n,
  deadline: NOW + 660n,
  eta: 0n,
  votes: { against: 0n, for: 0n, abstain: 0n },
  quorum: 40_000n * E18,
  proposer: "0x0000000000000000000000000000000000000001",
  ...extra,
});
const refusal = (name: string) => new GovernanceError(`x refused: ${name}(…)`, { errorName: name });
const explain = (name: string, action: "vote" | "queue" | "execute", s: ProposalStatus) => {
  const e = explainRefusal(refusal(name), action, s, NOW);
  return [e.shortMessage, ...e.metaMessages].join("\n");
};

describe("Governor and Timelock refusals say what to do and when", () => {
  it("voting before the delay: when it opens and how to skip the wait on a devnet", () => {
    const text = explain("GovernorUnexpectedProposalState", "vote", status("Pending"));
    expect(text).toMatch(/has not opened yet: it opens at 2027-01-15T08:01:00Z, in ~60 s\./);
    expect(text).toMatch(/alvh devnet time --advance 61s/);
  });

  it("queue during the vote, execute before queueing, execute before the timelock, a defeat", () => {
    expect(explain("GovernorUnexpectedProposalState", "queue", status("Active"))).toMatch(
      /still open: it closes at .*, in ~11 min/,
    );
    expect(explain("GovernorUnexpectedProposalState", "execute", status("Succeeded"))).toMatch(/alvh gov queue 7/);
    const queued = status("Queued", { eta: NOW + 300n });
    expect(explain("TimelockUnexpectedOperationState", "execute", queued)).toMatch(
      /queued in the timelock: executable at .*, in ~5 min[\s\S]*--advance 301s/,
    );
    const defeated = status("Defeated", { votes: { against: 0n, for: 0n, abstain: 0n } });
    expect(explain("GovernorUnexpectedProposalState", "queue", defeated)).toMatch(
      /defeated: for 0, against 0, abstain 0, quorum 40,000[\s\S]*alvh gov delegate/,
    );
  });

  it("already voted, unknown id; other errors pass through unchanged", () => {
    expect(explain("GovernorAlreadyCastVote", "vote", status("Active"))).toMatch(/already voted on proposal 7/);
    expect(explain("GovernorNonexistentProposal", "vote", status("Pending"))).toMatch(/No proposal 7/);
    const other = refusal("GovernorInvalidVoteType");
    expect(explainRefusal(other, "vote", status("Active"), NOW)).toBe(other);
  });
});

describe("venue, Safe and guard reverts in words", () => {
  it("maps Perp v2 and Safe codes", () => {
    expect(explainRevertCode("EX_OPLAS")).toMatch(/^EX_OPLAS — Perp v2: over the price limit after the swap/);
    expect(explainRevertCode("CH_NEFCI")).toMatch(/not enough free collateral/);
    expect(explainRevertCode("GS026")).toMatch(/^GS026 — Safe: invalid owner/);
    expect(explainRevertCode("NOPE_X")).toBeUndefined();
  });

  it("finds the code anywhere in the cause chain and prints it in formatCliError", () => {
    const viem = new ViemBaseError("Execution reverted", { details: "reverted with reason string 'CH_TMRS'" });
    const error = new DeployStepError("openPosition failed.", { cause: viem });
    expect(describeRevert(error)).toMatch(/^CH_TMRS — Perp v2: too much base requested when shorting/);
    expect(formatCliError(error)).toMatch(/\n {2}reason: CH_TMRS — Perp v2/);
    expect(describeRevert(new Error("plain"))).toBeUndefined();
  });

  it("a wrapped project error without details hands on its short message (which line of which file)", () => {
    const csv = new CsvFormatError("/tmp/one.csv", 2, "cannot infer the bar interval from a single row");
    const wrapped = new BacktestInputError("study data missing or unreadable for asset x", { cause: csv });
    expect(wrapped.details).toBe(csv.shortMessage);
    expect(formatCliError(wrapped)).toMatch(/\n {2}details: \/tmp\/one\.csv:2: cannot infer the bar interval/);
    // details of the inner error win over its short message
    const inner = new BacktestInputError("inner", { details: "the real reason" });
    expect(new BacktestInputError("outer", { cause: inner }).details).toBe("the real reason");
  });

  it("decodes a HedgeGuard custom error with its arguments", () => {
    const raw = encodeErrorResult({ abi: hedgeGuardAbi, errorName: "MarginCapExceeded", args: [10n, 5n] });
    expect(raw).toMatch(/^0x5ec9e18c/);
    // What viem raises for a Safe execTransaction whose guard refused (signature unknown to the Safe's ABI).
    const reverted = new ContractFunctionRevertedError({ abi: [], data: raw, functionName: "execTransaction" });
    expect(describeRevert(reverted)).toBe(
      "HedgeGuard MarginCapExceeded(10, 5) — margin added in one transaction is above the active layer's maxAddMargin",
    );
  });
});
