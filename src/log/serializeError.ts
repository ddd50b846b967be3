/** Longest string a log line carries for one field (longer ones, e.g. calldata, are cut with their length). */
export const MAX_LOG_STRING = 1_024;
const MAX_META = 400;
const MAX_DEPTH = 6;

export type SerializedError = {
  type: string;
  message: string;
  details?: string;
  metaMessages?: string[];
  code?: string | number;
  cause?: SerializedError | string;
};

/** Cuts a string to `max` characters, saying how much was left out. */
export function clip(s: string, max = MAX_LOG_STRING): string {
  return s.length <= max ? s : `${s.slice(0, max)}…(+${s.length - max} chars)`;
}

/**
 * pino serializer for `err` / `error`: the short name, the short message (viem's `shortMessage`, else the
 * first line), `details`, `metaMessages` (each clipped), a `code`, and the cause chain — never the
 * enumerable rest (viem errors carry the whole contract ABI and the calldata), never over 1 KB per string.
 */
export function serializeError(error: unknown, depth = 0): SerializedError | string {
  if (!(error instanceof Error)) return clip(String(error), MAX_META);
  const e = error as Error & { shortMessage?: unknown; details?: unknown; metaMessages?: unknown; code?: unknown };
  const message = typeof e.shortMessage === "string" ? e.shortMessage : (e.message.split("\n")[0] ?? "");
  const out: SerializedError = { type: e.name, message: clip(message, MAX_META) };
  if (typeof e.details === "string" && e.details !== "" && e.details !== message)
    out.details = clip(e.details, MAX_META);
  if (Array.isArray(e.metaMessages) && e.metaMessages.length > 0)
    out.metaMessages = e.metaMessages.slice(0, 12).map((m) => clip(String(m), MAX_META));
  if (typeof e.code === "string" || typeof e.code === "number") out.code = e.code;
  if (e.cause !== undefined) out.cause = depth >= MAX_DEPTH ? "(cause chain cut)" : serializeError(e.cause, depth + 1);
  return out;
}
