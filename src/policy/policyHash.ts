import { type AbiParameter, encodeAbiParameters, type Hex, keccak256 } from "viem";
import { policyRegistryAbi } from "../abi/policyRegistryAbi.ts";
import type { Policy } from "./Policy.ts";

function findPolicyParameter() {
  for (const item of policyRegistryAbi) {
    if (item.type === "function" && item.name === "getPolicy") return item.outputs[0];
  }
  throw new TypeError("policyRegistryAbi has no getPolicy output");
}

/** The ABI parameter of `PolicyTypes.Policy` (the tuple `getPolicy` returns). */
export const policyAbiParameter = findPolicyParameter() satisfies AbiParameter;

/** `keccak256(abi.encode(policy))`: the hash `PolicyRegistry.policyVersion` reports for the active policy. */
export function policyHash(policy: Policy): Hex {
  return keccak256(encodeAbiParameters([policyAbiParameter], [policy]));
}
