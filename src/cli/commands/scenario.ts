import type { Command } from "commander";
import { z } from "zod";
import { parseCliOptions } from "../CliInputError.ts";
import { defaultRpc } from "../chainContext.ts";

const schema = z.object({
  path: z.string().min(1).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  scale: z
    .string()
    .default("rebase")
    .refine((s) => s === "rebase" || Number(s) > 0, "scale: a positive factor or 'rebase'"),
  market: z.string().min(1),
  stepSeconds: z.coerce.number().int().positive().optional(),
  rpc: z.url(),
  deployments: z.string().min(1),
  column: z.enum(["open", "high", "low", "close"]),
  pace: z.string().optional(),
  freezeOracle: z.boolean().optional(),
});

/** `alvh scenario`: replays a price path (CSV or built-in crash) onto a running devnet. */
export function register(program: Command): void {
  program
    .command("scenario")
    .description("replay a price path onto the devnet: oracle, pool trades toward the index, time, staleness refresh")
    .option(
      "--path <csv>",
      "price CSV (open_time_ms, open_time_utc, open, high, low, close, …); default: built-in crash",
    )
    .option("--from <iso>", "first bar time (inclusive; the built-in path runs hourly from 2021-05-19T00:00Z)")
    .option("--to <iso>", "last bar time (exclusive)")
    .option("--scale <x>", "price factor, or 'rebase' = first price becomes the market's current price", "rebase")
    .option("--market <symbol>", "market to move", "ETH")
    .option("--step-seconds <n>", "chain seconds per step (default: the path's own spacing)")
    .option("--column <name>", "CSV column to replay", "close")
    .option("--pace <duration>", "wall-clock time per step, e.g. 5s (default: as fast as the chain allows)")
    .option("--freeze-oracle", "leave the market's oracle as it is (staleness drill): only the pool and the clock move")
    .option("--rpc <url>", "devnet JSON-RPC URL (default $ALVH_RPC or http://127.0.0.1:8545)", defaultRpc())
    .option("--deployments <dir>", "deployment files directory", "deployments")
    .action(async (raw: Record<string, unknown>) => {
      const o = parseCliOptions(schema, raw);
      const { parseDuration } = await import("../parseDuration.ts");
      const paceMs = o.pace === undefined ? undefined : parseDuration(o.pace, "--pace");
      const { runScenarioCommand } = await import("../../scenario/runScenarioCommand.ts");
      await runScenarioCommand({
        rpc: o.rpc,
        deploymentsDir: o.deployments,
        market: o.market,
        scale: o.scale === "rebase" ? "rebase" : Number(o.scale),
        column: o.column,
        ...(o.path === undefined ? {} : { path: o.path }),
        ...(o.from === undefined ? {} : { from: o.from }),
        ...(o.to === undefined ? {} : { to: o.to }),
        ...(o.stepSeconds === undefined ? {} : { stepSeconds: o.stepSeconds }),
        ...(paceMs === undefined ? {} : { paceMs }),
        freezeOracle: o.freezeOracle ?? false,
        log: (line) => console.log(line),
      });
    });
}
