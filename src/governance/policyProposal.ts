import { type Address, encodeFunctionData, type Hex } from "viem";
import { policyRegistryAbi } from "../abi/policyRegistryAbi.ts";
import { diffPolicy } from "../policy/diffPolicy.ts";
import type { Policy } from "../policy/Policy.ts";
import { policyHash } from "../policy/policyHash.ts";
import { GovernanceError } from "./GovernanceError.ts";

export type PolicyProposal = {
  targets: Address[];
  values: bigint[];
  calldatas: Hex[];
  description: string;
  /** Readable change lines (also in the description). */
  diff: string[];
};

/**
 * A Governor proposal that calls `registry.setPolicy(bookId, next)`, with a description holding the readable
 * diff, the version step and the new policy hash. Throws `GovernanceError` when nothing would change.
 */
export function buildPolicyProposal(args: {
  registry: Address;
  bookId: bigint;
  current: Policy;
  currentVersion: bigint;
  next: Policy;
  note?: string | undefined;
}): PolicyProposal {
  const diff = diffPolicy(args.current, args.next);
  if (diff.length === 0) {
    throw new GovernanceError(`The policy matches book ${args.bookId}'s active policy: nothing to propose`);
  }
  const description = [
    `ALVH policy change for book ${args.bookId} (v${args.currentVersion} → v${args.currentVersion + 1n})`,
    ...(args.note ? ["", args.note] : []),
    "",
    "Changes:",
    ...diff.map((line) => `- ${line}`),
    "",
    `New policy hash: ${policyHash(args.next)}`,
  ].join("\n");
  return {
    targets: [args.registry],
    values: [0n],
    calldatas: [
      encodeFunctionData({ abi: policyRegistryAbi, functionName: "setPolicy", args: [args.bookId, args.next] }),
    ],
    description,
    diff,
  };
}
