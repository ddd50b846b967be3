import { z } from "zod";

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "expected an environment variable name (A-Z, 0-9, _)");
const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "expected a short lower-case name")
  .optional();

/**
 * Where alerts go. Webhook URLs (they carry tokens) and the HMAC secret are named by environment variable,
 * never written in the config; they are read once at startup.
 */
export const alertChannelSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("slack"), name, urlEnv: envName }).strict(),
  z.object({ kind: z.literal("discord"), name, urlEnv: envName }).strict(),
  z
    .object({
      kind: z.literal("telegram"),
      name,
      /** Env variable holding the bot's full `sendMessage` URL (it contains the bot token). */
      urlEnv: envName,
      chatId: z.union([z.string().min(1), z.number().int()]).transform(String),
    })
    .strict(),
  z
    .object({
      kind: z.literal("webhook"),
      name,
      urlEnv: envName,
      /** Env variable holding the HMAC-SHA256 key for the `X-ALVH-Signature` header. */
      secretEnv: envName,
    })
    .strict(),
]);

export const alertsConfigSchema = z
  .object({
    /** Base URL of the review page (`alvh ui`) for links in alerts, e.g. http://127.0.0.1:8600. */
    pageUrl: z.url({ protocol: /^https?$/ }).optional(),
    channels: z.array(alertChannelSchema).default([]),
    /** Deliveries per alert and channel before it is given up (logged, counted). */
    maxAttempts: z.number().int().min(1).max(100).default(8),
    /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
    backoffMs: z.number().int().min(0).max(3_600_000).default(2_000),
    maxBackoffMs: z.number().int().min(0).max(86_400_000).default(300_000),
    /** Per-request timeout. */
    timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  })
  .strict();

export type AlertChannelConfig = z.output<typeof alertChannelSchema>;
export type AlertsConfig = z.output<typeof alertsConfigSchema>;
export type AlertsConfigInput = z.input<typeof alertsConfigSchema>;
