import type { Command } from "commander";
import { type ChainOptions, type SignerOptions, withChainOptions, withSignerOptions } from "../chainContext.ts";
import type { GovDeployOptions } from "../govDeploy.ts";

const PROPOSALS = [
  "--proposals <dir>",
  "local proposal records (else recovered from events)",
  ".alvh/proposals",
] as const;
const collect = (value: string, previous: string[]) => [...previous, value];
const print = (lines: string[]) => {
  for (const line of lines) console.log(line);
};

/** `alvh gov …`: DAO voter commands against any RPC, and the local walk-through. */
export function register(program: Command): void {
  const gov = program.command("gov").description("DAO: vote, queue, execute and inspect policy proposals");

  withSignerOptions(
    gov
      .command("vote <proposalId>")
      .description("cast your vote (<proposalId>: the id, or `last`); refused when your tokens are not delegated")
      .requiredOption("--support <for|against|abstain>", "your vote")
      .option("--reason <text>", "reason recorded on-chain"),
  ).action(async (id: string, opts: SignerOptions & { support: string; reason?: string }) => {
    const { govVote, parseProposalRef, parseSupport } = await import("../govCommands.ts");
    const support = parseSupport(opts.support);
    print(await govVote(opts, parseProposalRef(id), support));
  });

  for (const action of ["queue", "execute"] as const) {
    withSignerOptions(
      gov
        .command(`${action} <proposalId>`)
        .description(action === "queue" ? "queue a succeeded proposal in the timelock" : "execute a queued proposal")
        .option(...PROPOSALS),
    ).action(async (id: string, opts: SignerOptions & { proposals: string }) => {
      const { govQueueOrExecute, parseProposalRef } = await import("../govCommands.ts");
      print(await govQueueOrExecute(opts, parseProposalRef(id), action));
    });
  }

  withChainOptions(
    gov
      .command("status <proposalId>")
      .description("state, votes, quorum and timing")
      .option(...PROPOSALS),
  ).action(async (id: string, opts: ChainOptions & { proposals: string }) => {
    const { govStatus, parseProposalRef } = await import("../govCommands.ts");
    print(await govStatus(opts, parseProposalRef(id)));
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

  withSignerOptions(
    gov
      .command("deploy")
      .description("deploy token, timelock, governor and policy registry to --rpc; write <deployments>/<chainId>.json")
      .option("--voting-delay <duration>", "delay before voting starts", "1d")
      .option("--voting-period <duration>", "how long a vote stays open", "5d")
      .option("--timelock-delay <duration>", "timelock minimum delay", "2d")
      .option("--quorum <percent>", "quorum as a % of supply", "4")
      .option("--proposal-threshold <amount>", "votes needed to propose (tokens)", "0")
      .option(
        "--holder <address=amount>",
        "initial token holder (repeatable; default: deployer 1,000,000)",
        collect,
        [],
      )
      .option("--book <safe,venue,market[,policy.json]>", "a book created before hand-over (repeatable)", collect, [])
      .option("--guardian <address>", "may pause books and cancel queued operations")
      .option("--steward <address>", "may change single fields within DAO-set bounds")
      .option("--overwrite", "deploy even if the deployment file records a live registry"),
  ).action(async (opts: GovDeployOptions) => {
    const { govDeploy } = await import("../govDeploy.ts");
    print(await govDeploy(opts));
  });

  gov
    .command("walkthrough")
    .description("deploy on an in-process chain, then propose, vote, queue, execute a threshold change")
    .action(async () => {
      const { runGovernanceWalkthrough } = await import("../../demo/governanceWalkthrough.ts");
      await runGovernanceWalkthrough({ log: (line) => console.log(line) });
    });
}
