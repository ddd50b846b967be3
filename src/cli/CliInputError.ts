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
