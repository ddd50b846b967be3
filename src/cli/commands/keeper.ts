import type { Command } from "commander";
import { z } from "zod";

const RESET_HELP =
  "the store belongs to another chain/deployment (e.g. a restarted devnet): move it aside to <dbPath>.reset-<time> and start fresh";
const portSchema = z.coerce.number().int().min(0).max(65_535);
const DEPLOYMENTS = [
  "--deployments <dir>",
  "override the config's deploymentsDir (relative to the current folder; the config's is relative to the config)",
] as const;

/** `alvh keeper …`: the operator's commands. */
export function register(program: Command): void {
  const keeper = program.command("keeper").description("run the ALVH keeper (operator)");

  keeper
    .command("run")
    .description("long-running: tick on new blocks; JSON logs; /metrics and /health on 127.0.0.1")
    .requiredOption("--config <file>", "keeper config (JSON, validated at start)")
    .option("--metrics-port <port>", "override the config's metrics.port (0 = any free port)")
    .option(
      "--no-emergency",
      "Layer 3 goes to the signers too (the EmergencyModule route off, whatever the config says)",
    )
    .option(...DEPLOYMENTS)
    .option("--reset-store", RESET_HELP)
    .action(
      async (opts: {
        config: string;
        metricsPort?: string;
        emergency: boolean;
        deployments?: string;
        resetStore?: boolean;
      }) => {
        const { keeperRun } = await import("../keeperCommands.ts");
        await keeperRun(opts.config, {
          ...(opts.metricsPort === undefined ? {} : { metricsPort: portSchema.parse(opts.metricsPort) }),
          ...(opts.emergency ? {} : { emergency: false }),
          ...(opts.deployments === undefined ? {} : { deploymentsDir: opts.deployments }),
          ...(opts.resetStore ? { resetStore: true } : {}),
        });
      },
    );

  keeper
    .command("once")
    .description("one tick, then print the decision table (book, layer, reasons, plan, proposal id)")
    .requiredOption("--config <file>", "keeper config (JSON, validated at start)")
    .option(
      "--no-emergency",
      "Layer 3 goes to the signers too (the EmergencyModule route off, whatever the config says)",
    )
    .option(...DEPLOYMENTS)
    .option("--reset-store", RESET_HELP)
    .action(async (opts: { config: string; emergency: boolean; deployments?: string; resetStore?: boolean }) => {
      const { keeperOnce } = await import("../keeperCommands.ts");
      const overrides = {
        ...(opts.emergency ? {} : { emergency: false }),
        ...(opts.deployments === undefined ? {} : { deploymentsDir: opts.deployments }),
        ...(opts.resetStore ? { resetStore: true } : {}),
      };
      for (const line of await keeperOnce(opts.config, overrides)) console.log(line);
    });
}
