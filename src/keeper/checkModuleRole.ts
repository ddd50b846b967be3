import type { Address, PublicClient } from "viem";
import type { ConfigIssue } from "../config/KeeperConfigError.ts";
import { emergencyModuleAbi } from "../guard/guardAbis.ts";

/**
 * Start-up cross-check for the Layer-3 path: the keeper's key must hold the EmergencyModule's KEEPER_ROLE.
 * Without it every `protect` call reverts (callers without the role must `arm` and wait `graceDelay`), so
 * the keeper would find out only in the crash it is meant to act in. Returns the issue naming the fix.
 */
export async function checkModuleRole(
  client: PublicClient,
  module: Address,
  keeper: Address,
): Promise<ConfigIssue | undefined> {
  const role = await client.readContract({ address: module, abi: emergencyModuleAbi, functionName: "KEEPER_ROLE" });
  const has = await client.readContract({
    address: module,
    abi: emergencyModuleAbi,
    functionName: "hasRole",
    args: [role, keeper],
  });
  if (has) return undefined;
  return {
    field: "proposer.key",
    message:
      `${keeper} lacks KEEPER_ROLE on the EmergencyModule ${module}: Layer 3 would revert; have the module's ` +
      `admin grant it, or set "emergency": { "enabled": false } to send Layer 3 to the signers`,
  };
}
