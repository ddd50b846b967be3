import type { Command } from "commander";

/** `alvh doctor`: checks the toolchain and the machine before the first hour (and for bug reports). */
export function register(program: Command): void {
  program
    .command("doctor")
    .description("check Node, Hardhat/EDR, solc, the contracts build, the data folder, Chromium (UI test), ports")
    .action(async () => {
      const { runDoctor } = await import("../../toolchain/runDoctor.ts");
      const { resolveDataDir } = await import("../../backtest/dataDir.ts");
      const checks = await runDoctor({
        dataDir: resolveDataDir(undefined, process.env),
        chromium: "/usr/bin/chromium",
        ports: [8545, 9464],
      });
      for (const c of checks) console.log(`${c.status.padEnd(4)}  ${c.name.padEnd(10)} ${c.detail}`);
      if (checks.some((c) => c.status === "fail")) process.exitCode = 1;
    });
}
