#!/usr/bin/env node
// better-sqlite3 is a native addon. npm builds it against the machine's Node headers (Node 20 here),
// but this project runs on the Node 24 that the `node` devDependency installs (Hardhat 3 needs >= 22).
// Rebuild it against the Node 24 headers shipped inside that package, offline. Idempotent: skips when
// the addon already loads in the running Node.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const pkgDir = path.join(root, "node_modules", "better-sqlite3");
const nodeDir = path.join(root, "node_modules", "node", "node_modules", `node-linux-${process.arch}`);

function loads() {
  try {
    const Database = require(pkgDir);
    new Database(":memory:").close();
    return true;
  } catch {
    return false;
  }
}

if (!existsSync(pkgDir)) process.exit(0);
if (loads()) {
  console.log(`build-sqlite: better-sqlite3 loads on Node ${process.version}`);
  process.exit(0);
}
const gyp = process.env.npm_config_node_gyp;
if (!gyp) throw new Error("build-sqlite: npm_config_node_gyp is not set; run through npm (npm install / npm rebuild)");
const args = [gyp, "rebuild", "--release"];
const env = { ...process.env };
if (existsSync(path.join(nodeDir, "include", "node", "node_api.h"))) env.npm_config_nodedir = nodeDir;
console.log(`build-sqlite: building better-sqlite3 for Node ${process.version} (headers: ${env.npm_config_nodedir})`);
execFileSync(process.execPath, args, { cwd: pkgDir, stdio: "inherit", env });
if (!loads()) throw new Error(`build-sqlite: better-sqlite3 still does not load on Node ${process.version}`);
console.log("build-sqlite: ok");
