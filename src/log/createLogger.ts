import pino, { type DestinationStream, type Logger } from "pino";
import { clip, serializeError } from "./serializeError.ts";

/** Paths whose values never reach a log line. */
export const REDACT_PATHS = [
  "privateKey",
  "*.privateKey",
  "key",
  "*.key",
  "apiKey",
  "*.apiKey",
  "password",
  "*.password",
  "mnemonic",
  "*.mnemonic",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
];

export type LoggerOptions = {
  level?: string;
  /** Where JSON lines go (default stdout). */
  destination?: DestinationStream;
  /** Fixed fields on every line. */
  base?: Record<string, unknown>;
};

/**
 * pino JSON logger with secrets redacted (keys, passwords, API keys, auth headers). bigint values are
 * written as decimal strings; errors as name, short message, metaMessages and cause chain (`serializeError`);
 * no string field over 1 KB (calldata and ABIs are cut).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: options.base ?? { app: "alvh-keeper" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: (e: unknown) => serializeError(e), error: (e: unknown) => serializeError(e) },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: {
        logMethod(args, method) {
          const fixed = args.map((a) => (typeof a === "object" && a !== null ? bigintsToStrings(a) : a));
          method.apply(this, fixed as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}

export type { Logger };

function bigintsToStrings(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return clip(value);
  if (Array.isArray(value)) return value.map(bigintsToStrings);
  if (value instanceof Error || value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = bigintsToStrings(v);
  return out;
}
