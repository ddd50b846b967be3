import { defaultPolicy } from "../../policy/defaultPolicy.ts";
import type { Policy } from "../../policy/Policy.ts";

/** The policy to backtest: `file` parsed and validated like the on-chain policy, or the default policy. */
export async function loadPolicy(file: string | undefined): Promise<Policy> {
  if (file === undefined) return defaultPolicy();
  const { readPolicyFile } = await import("./readPolicyFile.ts");
  return readPolicyFile(file);
}
