#!/usr/bin/env node
// `npm run bench`: every file in src/bench/ exports `run(print)`; each prints `name: value` lines.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "bench");
let files: string[] = [];
try {
  files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort();
} catch {
  files = [];
}
const print = (name: string, value: string | number) => console.log(`${name}: ${value}`);
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as {
    run: (p: typeof print) => Promise<void>;
  };
  await mod.run(print);
}
if (files.length === 0) print("bench.count", 0);
