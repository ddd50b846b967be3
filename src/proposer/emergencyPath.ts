import { type Address, encodeFunctionData, type Hex, type PublicClient } from "viem";
import { emergencyModuleAbi } from "../guard/guardAbis.ts";
import type { EmergencyStatus } from "../reconcile/EmergencyStatus.ts";
import type { EmergencyCall } from "../reconcile/routeLayer3.ts";

/** Reads the module's status for a book (one eth_call). */
export async function readEmergencyStatus(
  publicClient: Pick<PublicClient, "readContract">,
  module: Address,
  bookId: bigint,
): Promise<EmergencyStatus> {
  return publicClient.readContract({
    address: module,
    abi: emergencyModuleAbi,
    functionName: "status",
    args: [bookId],
  });
}

/** The transaction a keeper sends (any account, no signatures): `module.protect(bookId, action, amount)`. */
export function encodeEmergencyCall(
  module: Address,
  call: Pick<EmergencyCall, "action" | "amount"> & { bookId: bigint },
): {
  to: Address;
  data: Hex;
} {
  return {
    to: module,
    data: encodeFunctionData({
      abi: emergencyModuleAbi,
      functionName: "protect",
      args: [call.bookId, call.action, call.amount],
    }),
  };
}
