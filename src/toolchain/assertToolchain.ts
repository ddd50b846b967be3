import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BaseError } from "../errors/BaseError.ts";

export class ToolchainError extends BaseError {
  override name = "ToolchainError";
}

/**
 * Hardhat 3 needs Node >= 22 and the EDR native binary that matches its `@nomicfoundation/edr` exactly.
 * npm skips the binary as an optional dependency on Node 20, so the project pins it as a devDependency;
 * this check turns a drift between the two into one clear message instead of Hardhat's HHE27.
 */
export function assertToolchain(): void {
  const [major] = process.versions.node.split(".").map(Number);
  if ((major ?? 0) < 22)
    throw new ToolchainError(`Node ${process.version} is too old for Hardhat 3`, {
      details: "run through `npm test` / `npm run …` / `npx` so the Node 24 from devDependencies is used",
    });
  const version = (name: string) =>
    (JSON.parse(readFileSync(packageJson(name), "utf8")) as { version: string }).version;
  const edr = version("@nomicfoundation/edr");
  let binary: string;
  try {
    binary = version("@nomicfoundation/edr-linux-x64-gnu");
  } catch (cause) {
    throw new ToolchainError("@nomicfoundation/edr-linux-x64-gnu is not installed", { cause });
  }
  if (edr !== binary)
    throw new ToolchainError("EDR binary version does not match Hardhat's EDR", {
      metaMessages: [`@nomicfoundation/edr: ${edr}`, `@nomicfoundation/edr-linux-x64-gnu: ${binary}`],
      details: `pin devDependency @nomicfoundation/edr-linux-x64-gnu to ${edr}`,
    });
}

/** Finds `node_modules/<name>/package.json` walking up from this file (some packages do not export it). */
function packageJson(name: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "node_modules", name, "package.json");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new ToolchainError(`${name} is not installed`, { details: "run `npm install`" });
    dir = parent;
  }
}
