import { runGovernanceWalkthrough } from "./governanceWalkthrough.ts";

/** Demo stage 10: the DAO changes a hedge threshold on a local chain (deploy → propose → vote → execute). */
export async function run(): Promise<void> {
  console.log("\n### Stage 10: DAO-governed thresholds\n");
  await runGovernanceWalkthrough({ log: (line) => console.log(line) });
}
