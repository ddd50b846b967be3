import type { Address, Hex } from "viem";
import type { SafeTxData } from "../store/types.ts";

/** EIP-712 types of a Safe (≥ 1.3.0) transaction. */
export const SAFE_TX_TYPES = {
  SafeTx: [
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
    { name: "operation", type: "uint8" },
    { name: "safeTxGas", type: "uint256" },
    { name: "baseGas", type: "uint256" },
    { name: "gasPrice", type: "uint256" },
    { name: "gasToken", type: "address" },
    { name: "refundReceiver", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

/**
 * The typed data an owner signs for a stored Safe transaction (domain: chain id + the Safe). Shared by the review
 * page (the wallet signs it, after checking its hash equals the recorded safeTxHash) and the server (which
 * recovers the signer before accepting a signature).
 */
export function safeTxTypedData(chainId: number, safe: string, tx: SafeTxData) {
  return {
    domain: { chainId, verifyingContract: safe as Address },
    types: SAFE_TX_TYPES,
    primaryType: "SafeTx" as const,
    message: {
      to: tx.to as Address,
      value: BigInt(tx.value),
      data: tx.data as Hex,
      operation: tx.operation,
      safeTxGas: BigInt(tx.safeTxGas),
      baseGas: BigInt(tx.baseGas),
      gasPrice: BigInt(tx.gasPrice),
      gasToken: tx.gasToken as Address,
      refundReceiver: tx.refundReceiver as Address,
      nonce: BigInt(tx.nonce),
    },
  };
}
