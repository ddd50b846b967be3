import type { Command } from "commander";

/** `alvh doctor`: prints the runtime facts an operator needs when reporting a problem. */
export function register(program: Command): void {
  program
    .command("doctor")
    .description("print runtime versions (Node, Hardhat EDR) and check the toolchain")
    .action(async () => {
      const { assertToolchain } = await import("../../toolchain/assertToolchain.ts");
      assertToolchain();
      console.log(`node ${process.version}: ok`);
    });
}
