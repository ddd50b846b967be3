import type { Command } from "commander";
import { parseId } from "../CliInputError.ts";
import type { ChainOptions } from "../chainContext.ts";
import { type SignerOptions, withChainOptions, withSignerOptions } from "../chainContext.ts";

type ShowOptions = ChainOptions & { book: string };
type ProposeOptions = SignerOptions & { book: string; file: string; description?: string; proposals: string };

/** `alvh policy show|propose`: read a book's governed policy; propose a new one to the DAO. */
export function register(program: Command): void {
  const policy = program.command("policy").description("show a book's on-chain policy, or propose a change to the DAO");

  withChainOptions(
    policy
      .command("show")
      .description("thresholds in human units, version, hash and pause state of a book")
      .requiredOption("--book <id>", "book id"),
  ).action(async (opts: ShowOptions) => {
    const { showPolicy } = await import("../policyShow.ts");
    for (const line of await showPolicy(opts.rpc, opts.deployments, parseId(opts.book, "--book"))) console.log(line);
  });

  withSignerOptions(
    policy
      .command("propose")
      .description("validate a policy file with the contract's rules, then open a Governor proposal (setPolicy)")
      .requiredOption("--book <id>", "book id")
      .requiredOption("--file <policy.json>", "policy in the human format (see policies/default.json)")
      .option("--description <text>", "why; prepended to the generated diff")
      .option("--proposals <dir>", "where proposals are recorded for queue/execute", ".alvh/proposals"),
  ).action(async (opts: ProposeOptions) => {
    const { proposePolicy } = await import("../policyPropose.ts");
    for (const line of await proposePolicy({ ...opts, bookId: parseId(opts.book, "--book") })) console.log(line);
  });
}
