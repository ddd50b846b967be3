import type { Command } from "commander";
import type { ProposalsCliOptions } from "../proposalsCommands.ts";

const print = (lines: string[]) => {
  for (const line of lines) console.log(line);
};

function withStoreOptions(cmd: Command): Command {
  return cmd
    .option("--config <file>", "keeper config (its dbPath, rpcUrl, deploymentsDir, delivery)")
    .option("--db <file>", "keeper SQLite store (default .alvh/keeper.sqlite, or the config's dbPath)")
    .option("--rpc <url>", "JSON-RPC endpoint (default http://127.0.0.1:8545, or the config's rpcUrl)")
    .option("--deployments <dir>", "folder with <chainId>.json (default ./deployments)");
}

function withKey(cmd: Command): Command {
  return withStoreOptions(cmd).option(
    "--keystore <file>",
    "encrypted JSON keystore (password in ALVH_KEYSTORE_PASSWORD or prompted); else ALVH_PRIVATE_KEY",
  );
}

/** `alvh proposals …`: what the Safe's signers use to review, sign and execute the keeper's proposals. */
export function register(program: Command): void {
  const proposals = program.command("proposals").description("review, sign and execute the keeper's Safe proposals");

  withStoreOptions(
    proposals
      .command("list")
      .description("proposals with status, layer, signatures and plan")
      .option("--status <list>", "only these statuses, comma-separated (recorded,delivered,signed,executed,…)")
      .option("--book <id>", "only this book"),
  ).action(async (opts: ProposalsCliOptions & { status?: string; book?: string }) => {
    const { proposalsList } = await import("../proposalsCommands.ts");
    print(await proposalsList(opts));
  });

  withStoreOptions(
    proposals
      .command("show <id>")
      .description("decoded calls, layer, every reason with numbers, margin before and expected after"),
  ).action(async (id: string, opts: ProposalsCliOptions) => {
    const { proposalsShow } = await import("../proposalsCommands.ts");
    print(await proposalsShow(opts, id));
  });

  withKey(proposals.command("sign <id>").description("sign the proposal's Safe transaction as an owner")).action(
    async (id: string, opts: ProposalsCliOptions) => {
      const { proposalsSign } = await import("../proposalsCommands.ts");
      print(await proposalsSign(opts, id));
    },
  );

  withKey(
    proposals.command("execute <id>").description("execute the Safe transaction once the threshold has signed"),
  ).action(async (id: string, opts: ProposalsCliOptions) => {
    const { proposalsExecute } = await import("../proposalsCommands.ts");
    print(await proposalsExecute(opts, id));
  });
}
