#!/usr/bin/env node
// Writes src/abi/<name>Abi.ts from Hardhat's artifacts, so runtime clients (keeper, CLI) need no compile step.
// Run after changing a contract's interface: `npx hardhat build && node scripts/gen-abis.ts`.
// test/unit/abiSync.test.ts fails when a generated file is stale.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ABI_SOURCES, renderAbiModule } from "../src/abi/abiSources.ts";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
for (const source of ABI_SOURCES) {
  const file = path.join(root, "src", "abi", `${source.exportName}.ts`);
  writeFileSync(file, renderAbiModule(root, source));
  console.log(`wrote ${path.relative(root, file)}`);
}
spawnSync(process.execPath, [path.join(root, "node_modules", ".bin", "biome"), "format", "--write", "src/abi"], {
  cwd: root,
  stdio: "inherit",
});
