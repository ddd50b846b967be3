import { clip } from "./serializeError.ts";

/** One short line for an error in a report or an alert: viem's `shortMessage` (else the first line), clipped. */
export function shortError(error: unknown): string {
  if (!(error instanceof Error)) return clip(String(error), 200);
  const e = error as Error & { shortMessage?: unknown };
  return clip(typeof e.shortMessage === "string" ? e.shortMessage : (e.message.split("\n")[0] ?? e.name), 200);
}
