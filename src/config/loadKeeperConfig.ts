import { readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { type KeeperConfig, keeperConfigSchema } from "./KeeperConfig.ts";
import { type ConfigIssue, KeeperConfigError } from "./KeeperConfigError.ts";

/** `books[0].account` from a zod issue path. */
export function fieldName(pathParts: readonly PropertyKey[]): string {
  let out = "";
  for (const p of pathParts) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out || "(root)";
}

function issuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((i) => {
    if (i.code === "unrecognized_keys") {
      const base = fieldName(i.path);
      return {
        field: i.keys.map((k) => (base === "(root)" ? k : `${base}.${k}`)).join(", "),
        message: "unknown field",
      };
    }
    return { field: fieldName(i.path), message: i.message };
  });
}

/** Validates a parsed config object; relative paths are resolved against `baseDir`. */
export function parseKeeperConfig(input: unknown, source = "(inline)", baseDir = process.cwd()): KeeperConfig {
  const result = keeperConfigSchema.safeParse(input);
  if (!result.success) throw new KeeperConfigError(source, issuesOf(result.error));
  const cfg = result.data;
  const abs = (p: string) => (p === ":memory:" || path.isAbsolute(p) ? p : path.resolve(baseDir, p));
  return {
    ...cfg,
    deploymentsDir: abs(cfg.deploymentsDir),
    dbPath: abs(cfg.dbPath),
    bars: cfg.bars.csvPath === undefined ? cfg.bars : { ...cfg.bars, csvPath: abs(cfg.bars.csvPath) },
    proposer:
      cfg.proposer.key.kind === "keystore"
        ? { key: { ...cfg.proposer.key, path: abs(cfg.proposer.key.path) } }
        : cfg.proposer,
    delivery:
      cfg.delivery.kind === "local" && cfg.delivery.dir !== undefined
        ? { ...cfg.delivery, dir: abs(cfg.delivery.dir) }
        : cfg.delivery,
  };
}

/** Reads and validates a JSON config file at startup. Relative paths inside are relative to the file. */
export function loadKeeperConfig(file: string): KeeperConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new KeeperConfigError(file, [{ field: "(file)", message: "cannot be read" }], cause);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new KeeperConfigError(file, [{ field: "(file)", message: "is not valid JSON" }], cause);
  }
  return parseKeeperConfig(json, file, path.dirname(path.resolve(file)));
}
