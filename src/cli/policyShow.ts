import { GovernanceError } from "../governance/GovernanceError.ts";
import { formatPolicy } from "../policy/formatPolicy.ts";
import { createPolicyRegistryClient } from "../policy/PolicyRegistryClient.ts";
import { openChain } from "./chainContext.ts";

/** Lines of `alvh policy show`. */
export async function showPolicy(rpc: string, deployments: string, bookId: bigint): Promise<string[]> {
  const ctx = await openChain({ rpc, deployments });
  const registry = createPolicyRegistryClient({ publicClient: ctx.publicClient, address: ctx.addresses.registry });
  let read: [
    Awaited<ReturnType<typeof registry.getBook>>,
    Awaited<ReturnType<typeof registry.getPolicy>>,
    Awaited<ReturnType<typeof registry.policyVersion>>,
  ];
  try {
    read = await Promise.all([registry.getBook(bookId), registry.getPolicy(bookId), registry.policyVersion(bookId)]);
  } catch (error) {
    throw GovernanceError.fromRevert(`read book ${bookId}`, error);
  }
  const [book, policy, version] = read;
  return [
    `book ${bookId} on chain ${ctx.chainId} (registry ${registry.address})`,
    `  safe ${book.safe}  venue ${book.venue}  market ${book.market}`,
    `  status  ${book.paused ? "PAUSED (the keeper does not propose)" : "active"}`,
    `  version ${version.version}  hash ${version.policyHash}`,
    "",
    ...formatPolicy(policy),
  ];
}
