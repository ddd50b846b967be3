import { BaseError } from "../errors/BaseError.ts";
import { describeRevert } from "../errors/describeRevert.ts";

/**
 * One clear message for the operator: the short message, its meta lines and details; no stack. A Perp v2 or Safe
 * revert code anywhere in the cause chain is added in words (`reason: EX_OPB — Perp v2: over the price band …`).
 */
export function formatCliError(error: unknown): string {
  const reason = describeRevert(error);
  const lines: string[] = [];
  if (error instanceof BaseError) {
    lines.push(`error: ${error.shortMessage}`, ...error.metaMessages.map((m) => `  ${m}`));
    if (reason) lines.push(`  reason: ${reason}`);
    if (error.details) lines.push(`  details: ${oneLine(error.details)}`);
    return lines.join("\n");
  }
  lines.push(`error: ${error instanceof Error ? error.message : String(error)}`);
  if (reason) lines.push(`  reason: ${reason}`);
  return lines.join("\n");
}

/** viem details can span lines (the reason on its own line); keep one. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
