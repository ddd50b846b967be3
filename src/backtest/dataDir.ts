import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (the folder holding package.json): two levels above this file's folder. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Where the historical data lives: `--data DIR`, else `ALVH_DATA_DIR`, else `../shared/data` next to the
 * project root. `env` is passed in (read at run time, never at import).
 */
export function resolveDataDir(option: string | undefined, env: Record<string, string | undefined>): string {
  if (option) return path.resolve(option);
  if (env.ALVH_DATA_DIR) return path.resolve(env.ALVH_DATA_DIR);
  return path.resolve(PROJECT_ROOT, "..", "shared", "data");
}
