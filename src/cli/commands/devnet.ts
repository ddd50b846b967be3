import type { Command } from "commander";
import { z } from "zod";
import { parseCliOptions } from "../CliInputError.ts";

const optionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535),
  deployments: z.string().min(1),
  owners: z
    .string()
    .optional()
    .transform((s) => s?.split(",").map((x) => x.trim()))
    .pipe(z.array(z.string().regex(/^0x[0-9a-fA-F]{40}$/, "owners: comma-separated 0x addresses")).optional()),
  threshold: z.coerce.number().int().positive().optional(),
  ethPrice: z.coerce.number().positive(),
  btcPrice: z.coerce.number().positive(),
  governance: z.boolean(),
  fork: z.boolean().optional(),
});

/** `alvh devnet`: a local chain on 127.0.0.1 with governance, Multicall3, a Safe and Perp v2; stays up until Ctrl-C. */
export function register(program: Command): void {
  program
    .command("devnet")
    .description("start a local chain (127.0.0.1) with governance, Multicall3, Safe and Perp v2 (ETH, BTC)")
    .option("--port <port>", "JSON-RPC port", "8545")
    .option("--deployments <dir>", "where <chainId>.json is written", "deployments")
    .option("--owners <addresses>", "Safe owners, comma-separated (default: dev accounts 1-3)")
    .option("--threshold <n>", "Safe threshold (default 2)")
    .option("--eth-price <usd>", "initial ETH price", "2000")
    .option("--btc-price <usd>", "initial BTC price", "30000")
    .option("--no-governance", "skip the DAO + policy registry")
    .option("--fork", "fork the chain at $FORK_URL instead of starting empty (then deploy on top of it)")
    .action(async (raw: Record<string, unknown>) => {
      const opts = parseCliOptions(optionsSchema, raw);
      if (opts.fork && !process.env.FORK_URL) {
        const { CliInputError } = await import("../CliInputError.ts");
        throw new CliInputError("--fork needs FORK_URL", { details: "set FORK_URL to the JSON-RPC URL to fork" });
      }
      const { startDevnet } = await import("../../devnet/startDevnet.ts");
      const devnet = await startDevnet({
        port: opts.port,
        deploymentsDir: opts.deployments,
        ...(opts.owners ? { owners: opts.owners as `0x${string}`[] } : {}),
        ...(opts.threshold ? { threshold: opts.threshold } : {}),
        ethPrice: opts.ethPrice,
        btcPrice: opts.btcPrice,
        governance: opts.governance,
        network: opts.fork ? "fork" : "default",
        log: (line) => console.log(line),
      });
      await devnet.closed;
    });
}
