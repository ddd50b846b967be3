import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The page's sources (Vite root) and the project root. */
export const UI_SOURCE_DIR = path.join(HERE, "web");
const ROOT = path.resolve(HERE, "..", "..");
/** Where the built page goes by default (git-ignored). */
export const UI_ASSETS_DIR = path.join(ROOT, ".alvh", "ui");

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Builds the review page with Vite into `outDir` unless it is newer than every source (the page and the shared
 * files in src/ui/). Returns whether it built. Vite is loaded only here, so the keeper never imports it.
 */
export async function buildUiAssets(outDir = UI_ASSETS_DIR, options: { force?: boolean } = {}): Promise<boolean> {
  const index = path.join(outDir, "index.html");
  const sources = Math.max(newest(UI_SOURCE_DIR), newest(path.join(ROOT, "src", "review")), statSync(HERE).mtimeMs);
  const shared = readdirSync(HERE)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => statSync(path.join(HERE, f)).mtimeMs);
  if (!options.force && existsSync(index) && statSync(index).mtimeMs > Math.max(sources, ...shared)) return false;
  const { build } = await import("vite");
  await build({
    root: UI_SOURCE_DIR,
    base: "./",
    logLevel: "warn",
    configFile: false,
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2_000 },
  });
  return true;
}
