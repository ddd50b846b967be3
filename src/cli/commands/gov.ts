import type { Command } from "commander";
import { parseId } from "../CliInputError.ts";
import { type ChainOptions, type SignerOptions, withChainOptions, withSignerOptions } from "../chainContext.ts";

const PROPOSALS = [
  "--proposals <dir>",
  "local proposal records (else recovered from events)",
  ".alvh/proposals",
] as const;
const print = (lines: string[]) => {
  for (const line of lines) console.log(line);
};

/** `alvh gov …`: DAO voter commands against any RPC, and the local walk-through. */
export function register(program: Command): void {
  const gov = program.command("gov").description("DAO: vote, queue, execute and inspect policy proposals");

  withSignerOptions(
    gov
      .command("vote <proposalId>")
      .description("cast your vote")
      .requiredOption("--support <for|against|abstain>", "your vote")
      .option("--reason <text>", "reason recorded on-chain"),
  ).action(async (id: string, opts: SignerOptions & { support: string; reason?: string }) => {
    const { govVote, parseSupport } = await import("../govCommands.ts");
    const support = parseSupport(opts.support);
    print(await govVote(opts, parseId(id, "proposalId"), support));
  });

  for (const action of ["queue", "execute"] as const) {
    withSignerOptions(
      gov
        .command(`${action} <proposalId>`)
        .description(action === "queue" ? "queue a succeeded proposal in the timelock" : "execute a queued proposal")
        .option(...PROPOSALS),
    ).action(async (id: string, opts: SignerOptions & { proposals: string }) => {
      const { govQueueOrExecute } = await import("../govCommands.ts");
      print(await govQueueOrExecute(opts, parseId(id, "proposalId"), action));
    });
  }

  withChainOptions(
    gov
      .command("status <proposalId>")
      .description("state, votes, quorum and timing")
      .option(...PROPOSALS),
  ).action(async (id: string, opts: ChainOptions & { proposals: string }) => {
    const { govStatus } = await import("../govCommands.ts");
    print(await govStatus(opts, parseId(id, "proposalId")));
  });

  withSignerOptions(
    gov
      .command("delegate")
      .description("delegate your voting power (to yourself by default)")
      .option("--to <address>", "delegatee"),
  ).action(async (opts: SignerOptions & { to?: string }) => {
    const { govDelegate } = await import("../govCommands.ts");
    print(await govDelegate(opts, opts.to));
  });

  gov
    .command("walkthrough")
    .description("deploy on an in-process chain, then propose, vote, queue, execute a threshold change")
    .action(async () => {
      const { runGovernanceWalkthrough } = await import("../../demo/governanceWalkthrough.ts");
      await runGovernanceWalkthrough({ log: (line) => console.log(line) });
    });
}
