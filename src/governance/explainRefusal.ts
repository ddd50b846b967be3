import { formatUnits } from "viem";
import { GovernanceError } from "./GovernanceError.ts";
import type { ProposalStatus } from "./governorActions.ts";

export type GovernanceAction = "vote" | "queue" | "execute";

const iso = (t: bigint) => new Date(Number(t) * 1000).toISOString().replace(".000Z", "Z");
const votes = (v: bigint) => Number(formatUnits(v, 18)).toLocaleString("en-US", { maximumFractionDigits: 2 });

/** "at 2026-…Z, in ~60 s" / "at …, 2 min ago" relative to the chain's `now` (seconds). */
export function when(t: bigint, now: bigint): string {
  const d = Number(t - now);
  const span = (s: number) =>
    s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
  return d > 0 ? `at ${iso(t)}, in ~${span(d)}` : `at ${iso(t)}, ${span(-d)} ago`;
}

/** The devnet hint for a wait of `t - now` seconds. */
function devnetWait(t: bigint, now: bigint): string {
  const s = Number(t - now) + 1;
  return `on a devnet, skip the wait: alvh devnet time --advance ${s}s`;
}

/**
 * Turns a Governor/Timelock refusal (`GovernorUnexpectedProposalState`, `TimelockUnexpectedOperationState`, …) into
 * what to do and when, from the proposal's current status and the chain time `now` (seconds). Other errors are
 * returned unchanged.
 */
export function explainRefusal(
  error: GovernanceError,
  action: GovernanceAction,
  s: ProposalStatus,
  now: bigint,
): GovernanceError {
  const id = s.proposalId;
  const say = (message: string, ...hints: string[]) =>
    new GovernanceError(message, {
      cause: error,
      hint: hints.join("\n  "),
      errorName: error.errorName,
      details: `${action} refused by the chain: ${error.errorName}`,
    });
  switch (error.errorName) {
    case "GovernorAlreadyCastVote":
      return say(`You already voted on proposal ${id}.`, `votes so far: ${tally(s)}`);
    case "GovernorNonexistentProposal":
      return say(
        `No proposal ${id} on this Governor.`,
        "check the id (`alvh policy propose` prints it) and that --rpc / --deployments point at the right chain",
      );
    case "GovernorUnexpectedProposalState":
    case "TimelockUnexpectedOperationState":
      break;
    default:
      return error;
  }
  switch (s.state) {
    case "Pending":
      return say(
        `Voting on proposal ${id} has not opened yet: it opens ${when(s.snapshot, now)}.`,
        action === "vote"
          ? `then: alvh gov vote ${id} --support for|against|abstain`
          : "holders vote first; queue once voting has closed",
        devnetWait(s.snapshot, now),
      );
    case "Active":
      return action === "vote"
        ? error
        : say(
            `Voting on proposal ${id} is still open: it closes ${when(s.deadline, now)}.`,
            `votes so far: ${tally(s)}; queue after it closes`,
            devnetWait(s.deadline, now),
          );
    case "Defeated":
      return say(
        `Proposal ${id} was defeated: ${tally(s)}, quorum ${votes(s.quorum)}.`,
        "it needs more for than against and for + abstain at or above quorum; votes count only from holders who" +
          " delegated before the snapshot (`alvh gov delegate`). Propose it again.",
      );
    case "Succeeded":
      return action === "vote"
        ? say(`Voting on proposal ${id} closed ${when(s.deadline, now)}; it succeeded.`, `next: alvh gov queue ${id}`)
        : say(`Proposal ${id} succeeded but is not queued yet.`, `next: alvh gov queue ${id}`);
    case "Queued":
      if (action === "execute") {
        return say(
          `Proposal ${id} is queued in the timelock: executable ${when(s.eta, now)}.`,
          `then: alvh gov execute ${id}`,
          devnetWait(s.eta, now),
        );
      }
      return say(`Proposal ${id} is already queued: executable ${when(s.eta, now)}.`, `then: alvh gov execute ${id}`);
    case "Executed":
      return say(`Proposal ${id} was already executed.`, `alvh gov status ${id}`);
    case "Canceled":
      return say(`Proposal ${id} was canceled (by its proposer or the guardian).`);
    case "Expired":
      return say(`Proposal ${id} expired: it was not executed in time. Propose it again.`);
  }
  return error;
}

function tally(s: ProposalStatus): string {
  return `for ${votes(s.votes.for)}, against ${votes(s.votes.against)}, abstain ${votes(s.votes.abstain)}`;
}
