import { BaseError } from "../errors/BaseError.ts";

/** A command-line argument is malformed. */
export class CliInputError extends BaseError {
  override name = "CliInputError";
}

/** Parses a positive integer id (book or proposal) or throws `CliInputError` naming the option. */
export function parseId(text: string, what: string): bigint {
  if (!/^\d+$/.test(text.trim()) || BigInt(text.trim()) === 0n) {
    throw new CliInputError(`${what} must be a positive integer, got "${text}"`);
  }
  return BigInt(text.trim());
}

/** Validates command options with `schema`; a failure becomes one `CliInputError` naming each bad option. */
export function parseCliOptions<T>(schema: { safeParse: (raw: unknown) => SafeParse<T> }, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `--${i.path.map(String).join(".")}: ${i.message}`);
  throw new CliInputError(`invalid option${lines.length > 1 ? "s" : ""}: ${lines[0] ?? ""}`, {
    metaMessages: lines.slice(1),
  });
}

type SafeParse<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
