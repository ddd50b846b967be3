import { BaseError } from "../errors/BaseError.ts";

/** One clear message for the operator: the short message, its meta lines and details; no stack. */
export function formatCliError(error: unknown): string {
  if (error instanceof BaseError) {
    const lines = [`error: ${error.shortMessage}`, ...error.metaMessages.map((m) => `  ${m}`)];
    if (error.details) lines.push(`  details: ${error.details}`);
    return lines.join("\n");
  }
  if (error instanceof Error) return `error: ${error.message}`;
  return `error: ${String(error)}`;
}
