#!/usr/bin/env node
// `npm run demo`: the main job on the embedded local chain. Each stage is a module in src/demo/.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "demo");
let stages: string[] = [];
try {
  stages = readdirSync(dir)
    .filter((f) => /^\d+-.*\.ts$/.test(f))
    .sort();
} catch {
  stages = [];
}
if (stages.length === 0) console.log("demo: no stages yet");
for (const file of stages) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run: () => Promise<void> };
  await mod.run();
}
