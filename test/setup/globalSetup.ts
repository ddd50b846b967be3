import { assertToolchain } from "../../src/toolchain/assertToolchain.ts";

export default async function setup(): Promise<void> {
  assertToolchain();
  const { default: hre } = await import("hardhat");
  await hre.tasks.getTask("build").run({ quiet: true });
}
