import type { Address, PublicClient } from "viem";
import { readEmergencyStatus } from "../proposer/emergencyPath.ts";
import type { EmergencyStatus } from "../reconcile/EmergencyStatus.ts";

/** The book's EmergencyModule status (`status(bookId)`), read only when a Layer-3 plan needs it. */
export interface ModuleCollector {
  status(bookId: string): Promise<EmergencyStatus>;
}

export function chainModuleCollector(client: Pick<PublicClient, "readContract">, module: Address): ModuleCollector {
  return { status: (bookId) => readEmergencyStatus(client, module, BigInt(bookId)) };
}
