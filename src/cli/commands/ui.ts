import type { Command } from "commander";
import { z } from "zod";
import { parseCliOptions } from "../CliInputError.ts";

const optionsSchema = z.object({
  config: z.string().min(1).optional(),
  db: z.string().min(1).optional(),
  rpc: z.string().min(1).optional(),
  deployments: z.string().min(1).optional(),
  port: z.coerce.number().int().min(0).max(65_535),
});

/** `alvh ui`: the signers' review page on 127.0.0.1 until Ctrl-C. */
export function register(program: Command): void {
  program
    .command("ui")
    .description("signer review page on 127.0.0.1: proposals, evidence, chart; sign and execute with your wallet")
    .option("--config <file>", "keeper config (its dbPath, rpcUrl, deploymentsDir, delivery)")
    .option("--db <file>", "keeper SQLite store (default .alvh/keeper.sqlite, or the config's dbPath)")
    .option("--rpc <url>", "JSON-RPC endpoint for the Safe's owners and threshold (default http://127.0.0.1:8545)")
    .option("--deployments <dir>", "folder with <chainId>.json (default ./deployments)")
    .option("--port <port>", "port on 127.0.0.1", "8600")
    .action(async (raw: unknown) => {
      const opts = parseCliOptions(optionsSchema, raw);
      const { startUiCommand } = await import("../uiCommand.ts");
      const server = await startUiCommand(opts);
      console.log(`signer review page: ${server.url}  (Ctrl-C stops it)`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await server.close();
    });
}
