import type { Command } from "commander";
import { z } from "zod";
import { parseCliOptions } from "../CliInputError.ts";
import { defaultRpc } from "../chainContext.ts";

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
  guard: z.boolean().optional(),
});

const timeSchema = z.object({
  advance: z.string().optional(),
  mine: z.coerce.number().int().positive().max(1_000_000).optional(),
  rpc: z.url(),
});

/**
 * `alvh devnet`: a local chain on 127.0.0.1 with governance, Multicall3, a Safe and Perp v2; stays up until Ctrl-C.
 * `alvh devnet time`: moves a running devnet's clock (the governance cycle's delays).
 */
export function register(program: Command): void {
  const devnet = program.command("devnet");
  devnet
    .command("time")
    .description("move a running devnet's clock: --advance 3h (time, one block) and/or --mine N (blocks)")
    .option("--advance <duration>", "seconds to add to the chain clock, e.g. 90s, 15m, 3h, 2d")
    .option("--mine <n>", "blocks to mine")
    .option("--rpc <url>", "devnet JSON-RPC URL (default $ALVH_RPC or http://127.0.0.1:8545)", defaultRpc())
    .action(async (raw: Record<string, unknown>) => {
      const o = parseCliOptions(timeSchema, raw);
      const { parseDuration } = await import("../parseDuration.ts");
      const { moveDevnetTime } = await import("../../devnet/moveDevnetTime.ts");
      const seconds = o.advance === undefined ? 0 : Math.round(parseDuration(o.advance, "--advance") / 1000);
      for (const line of await moveDevnetTime({ rpc: o.rpc, seconds, blocks: o.mine ?? 0 })) console.log(line);
    });
  devnet
    .description("start a local chain (127.0.0.1) with governance, Multicall3, Safe and Perp v2 (ETH, BTC)")
    .option("--port <port>", "JSON-RPC port", "8545")
    .option("--deployments <dir>", "where <chainId>.json is written", "deployments")
    .option("--owners <addresses>", "Safe owners, comma-separated (default: dev accounts 1-3)")
    .option("--threshold <n>", "Safe threshold (default 2)")
    .option("--eth-price <usd>", "initial ETH price", "2000")
    .option("--btc-price <usd>", "initial BTC price", "30000")
    .option("--no-governance", "skip the DAO + policy registry")
    .option("--fork", "fork the chain at $FORK_URL instead of starting empty (then deploy on top of it)")
    .option("--guard", "install the HedgeGuard on the Safe now (venue transactions must then fit the book's policy)")
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
        installGuard: opts.guard ?? false,
        log: (line) => console.log(line),
      });
      await devnet.closed;
    });
}
