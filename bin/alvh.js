#!/usr/bin/env node
// The installable `alvh` command (`npm link` or `npm install -g .`). The CLI is TypeScript run by Node's type
// stripping, which needs Node 24 here (older lines print warnings or lack it); the project installs Node 24 as a devDependency, so on an older `node`
// this launcher re-runs the CLI on that one. It also points Hardhat at this project's config, so `alvh devnet`
// works from any folder. Plain JavaScript on purpose: it must start on whatever `node` is on the PATH.
import { spawn } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(realpathSync(fileURLToPath(import.meta.url))), "..");
const cli = path.join(root, "src", "cli", "alvh.ts");
process.env.HARDHAT_CONFIG ??= path.join(root, "hardhat.config.ts");

const [major] = process.versions.node.split(".").map(Number);
if (major >= 24) {
  const { main } = await import(pathToFileURL(cli).href);
  process.exitCode = await main(process.argv);
} else {
  const node = path.join(root, "node_modules", "node", "bin", "node");
  if (!existsSync(node)) {
    console.error(`error: alvh needs Node 24 or the project's own Node 24; run \`npm install\` in ${root}`);
    process.exit(1);
  }
  const child = spawn(node, [cli, ...process.argv.slice(2)], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
