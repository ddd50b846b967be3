import { type Address, type PublicClient, parseAbi } from "viem";

const safeInfoAbi = parseAbi([
  "function getThreshold() view returns (uint256)",
  "function getOwners() view returns (address[])",
  "function nonce() view returns (uint256)",
]);

/** What a signer needs from the Safe itself: how many signatures, whose, and which nonce is next. */
export type SafeInfo = { threshold: number; owners: string[]; nonce: number };

/** Reads a Safe's threshold, owners (lower-case) and nonce in one round of calls. */
export async function readSafeInfo(client: PublicClient, safe: string): Promise<SafeInfo> {
  const address = safe as Address;
  const [threshold, owners, nonce] = await Promise.all([
    client.readContract({ address, abi: safeInfoAbi, functionName: "getThreshold" }),
    client.readContract({ address, abi: safeInfoAbi, functionName: "getOwners" }),
    client.readContract({ address, abi: safeInfoAbi, functionName: "nonce" }),
  ]);
  return { threshold: Number(threshold), owners: owners.map((o) => o.toLowerCase()), nonce: Number(nonce) };
}
