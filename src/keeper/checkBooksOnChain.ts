import type { Address, PublicClient } from "viem";
import type { ConfigIssue } from "../config/KeeperConfigError.ts";
import type { Venue } from "../venues/Venue.ts";
import type { KeeperBook } from "./KeeperBook.ts";

const safeAbi = [
  { type: "function", name: "getThreshold", stateMutability: "view", inputs: [], outputs: [{ type: "uint256" }] },
  { type: "function", name: "getOwners", stateMutability: "view", inputs: [], outputs: [{ type: "address[]" }] },
] as const;

/** Whether `account` is a Safe: code at the address and Safe views that answer (threshold ≥ 1, owners). */
async function safeProblem(client: PublicClient, account: Address): Promise<string | undefined> {
  const code = await client.getCode({ address: account });
  if (code === undefined || code === "0x") return `${account} has no contract code (an EOA?), not a Safe`;
  try {
    const [threshold, owners] = await Promise.all([
      client.readContract({ address: account, abi: safeAbi, functionName: "getThreshold" }),
      client.readContract({ address: account, abi: safeAbi, functionName: "getOwners" }),
    ]);
    if (threshold < 1n || owners.length === 0) return `${account} is not a set-up Safe (threshold ${threshold})`;
  } catch {
    return `${account} is a contract but not a Safe (getThreshold/getOwners do not answer)`;
  }
  return undefined;
}

/**
 * Start-up cross-checks against the chain, before anything is written: each book's account is a Safe (unless
 * the book is watch-only) and the configured side matches the account's position on the book's market (a
 * flat account passes). Returns one issue per problem, naming the config field.
 */
export async function checkBooksOnChain(
  client: PublicClient,
  venue: Pick<Venue, "read">,
  books: readonly (KeeperBook & { index: number })[],
): Promise<ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  for (const b of books) {
    if (b.watchOnly) continue;
    const problem = await safeProblem(client, b.account);
    if (problem)
      issues.push({
        field: `books[${b.index}].account`,
        message: `${problem}; set "watchOnly": true to only watch it`,
      });
  }
  const snap = await venue.read(books.map((b) => b.account));
  for (const b of books) {
    const acct = snap.accounts.find((a) => a.account.toLowerCase() === b.account.toLowerCase());
    const pos = acct?.positions.find((p) => p.market.toLowerCase() === b.market.toLowerCase());
    if (!pos || pos.size === 0n) continue;
    const held = pos.size > 0n ? "long" : "short";
    if (held !== b.side)
      issues.push({
        field: `books[${b.index}].side`,
        message: `config says ${b.side}, the account holds a ${held} on the book's market`,
      });
  }
  return issues;
}
