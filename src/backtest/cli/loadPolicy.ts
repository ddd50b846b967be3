import { defaultPolicy } from "../../policy/defaultPolicy.ts";
import type { Policy } from "../../policy/Policy.ts";

/**
 * The policy to backtest: `file` in the shared policy JSON format, parsed and validated exactly like the
 * on-chain policy (`readPolicyFile` from src/policy), or the default policy.
 */
export async function loadPolicy(file: string | undefined): Promise<Policy> {
  if (file === undefined) return defaultPolicy();
  const { readPolicyFile } = await import("../../policy/policyJson.ts");
  return readPolicyFile(file);
}
