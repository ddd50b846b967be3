import { runGovernanceWalkthrough } from "./governanceWalkthrough.ts";

/** Demo stage 10: the DAO changes a hedge threshold on a local chain (deploy → propose → vote → execute). */
export async function run(): Promise<void> {
  console.log("\nPart 1 of 2 — The DAO changes a hedge threshold (deploy, propose, vote, queue, execute)\n");
  await runGovernanceWalkthrough({ log: (line) => console.log(line) });
}
