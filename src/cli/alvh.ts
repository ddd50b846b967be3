#!/usr/bin/env node
// The `alvh` command line. Every file in ./commands exports `register(program)`; they are discovered
// here so each capability owns its own command file.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command } from "commander";
import { formatCliError } from "./formatCliError.ts";

export async function buildProgram(): Promise<Command> {
  const program = new Command("alvh")
    .description("Adaptive Layered Volatility Hedge: governed thresholds, Safe-proposing keeper, backtester")
    .version("0.1.0")
    .showHelpAfterError()
    // Options belong to the command they follow (needed for nested commands sharing option names).
    .enablePositionalOptions();
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "commands");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as {
      register?: (program: Command) => void;
    };
    mod.register?.(program);
  }
  return program;
}

/** Runs the CLI on `argv` (as `process.argv`); returns the exit code (errors are printed, one clear message). */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram();
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    console.error(formatCliError(error));
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === (await import("node:fs")).realpathSync(process.argv[1])) {
  process.exitCode = await main(process.argv);
}
