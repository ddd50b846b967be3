import type { Address, PublicClient } from "viem";

const safeNonceAbi = [
  { type: "function", name: "nonce", stateMutability: "view", inputs: [], outputs: [{ type: "uint256" }] },
] as const;

/** The Safe's current nonce. */
export async function safeNonceOf(client: PublicClient, safe: Address): Promise<number> {
  return Number(await client.readContract({ address: safe, abi: safeNonceAbi, functionName: "nonce" }));
}
