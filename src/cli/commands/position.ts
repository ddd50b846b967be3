import type { Command } from "commander";
import { z } from "zod";
import { parseCliOptions } from "../CliInputError.ts";
import { defaultRpc } from "../chainContext.ts";

const openSchema = z.object({
  side: z.enum(["long", "short"]),
  leverage: z.coerce.number().positive().max(10),
  market: z.string().min(1),
  collateral: z.string().regex(/^\d+(\.\d+)?$/, "collateral: a decimal amount of settlement tokens"),
  rpc: z.url(),
  deployments: z.string().min(1),
  eoa: z.coerce.number().int().min(0).max(19).optional(),
});

/** `alvh position open`: the Safe (or a dev EOA) deposits collateral and opens a leveraged Perp v2 position. */
export function register(program: Command): void {
  const position = program.command("position").description("positions on the devnet's Perp v2");
  position
    .command("open")
    .description("deposit collateral and open a leveraged position (Safe by default, via a multi-signature Safe tx)")
    .requiredOption("--side <side>", "long | short")
    .requiredOption("--leverage <x>", "leverage, e.g. 5")
    .option("--market <symbol>", "market symbol", "ETH")
    .requiredOption("--collateral <amount>", "settlement tokens to deposit, e.g. 10000")
    .option("--rpc <url>", "devnet JSON-RPC URL (default $ALVH_RPC or http://127.0.0.1:8545)", defaultRpc())
    .option("--deployments <dir>", "deployment files directory", "deployments")
    .option("--eoa <index>", "open for dev account <index> instead of the Safe (5 = twin)")
    .action(async (raw: Record<string, unknown>) => {
      const o = parseCliOptions(openSchema, raw);
      const { openPositionCommand } = await import("../../devnet/openPositionCommand.ts");
      const lines = await openPositionCommand({
        rpc: o.rpc,
        deploymentsDir: o.deployments,
        side: o.side,
        leverage: o.leverage,
        market: o.market,
        collateral: o.collateral,
        ...(o.eoa === undefined ? {} : { eoa: o.eoa }),
      });
      for (const line of lines) console.log(line);
    });
}
