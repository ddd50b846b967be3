import { createHmac } from "node:crypto";
import { AlertConfigError } from "./AlertError.ts";
import type { AlertEvent } from "./AlertEvent.ts";
import type { AlertChannelConfig } from "./alertsConfig.ts";
import { discordPayload, slackPayload, telegramPayload, webhookPayload } from "./formatAlert.ts";

export type AlertRequest = { url: string; body: string; headers: Record<string, string> };

/** `X-ALVH-Signature` value: `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * One configured destination with its secrets resolved. URL and secret are private fields: logging a channel
 * (or an error about it) shows its name and kind only.
 */
export class AlertChannel {
  readonly name: string;
  readonly kind: AlertChannelConfig["kind"];
  readonly #url: string;
  readonly #secret: string | undefined;
  readonly #chatId: string | undefined;

  constructor(config: AlertChannelConfig, env: Readonly<Record<string, string | undefined>>, index: number) {
    this.name = config.name ?? `${config.kind}-${index + 1}`;
    this.kind = config.kind;
    const url = env[config.urlEnv];
    if (!url)
      throw new AlertConfigError(`Alert channel ${this.name}: environment variable ${config.urlEnv} is not set`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (cause) {
      throw new AlertConfigError(`Alert channel ${this.name}: ${config.urlEnv} is not a URL`, {
        cause: new Error(String((cause as Error).name)),
      });
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
      throw new AlertConfigError(`Alert channel ${this.name}: ${config.urlEnv} must be an http(s) URL`);
    this.#url = url;
    if (config.kind === "webhook") {
      const secret = env[config.secretEnv];
      if (!secret)
        throw new AlertConfigError(`Alert channel ${this.name}: environment variable ${config.secretEnv} is not set`);
      this.#secret = secret;
    }
    this.#chatId = config.kind === "telegram" ? config.chatId : undefined;
  }

  /** The HTTP request for `event` in this channel's format (`now` in unix seconds, for the webhook signature). */
  request(event: AlertEvent, now: number): AlertRequest {
    const headers: Record<string, string> = { "content-type": "application/json", "x-alvh-event-id": event.id };
    let payload: unknown;
    switch (this.kind) {
      case "slack":
        payload = slackPayload(event);
        break;
      case "discord":
        payload = discordPayload(event);
        break;
      case "telegram":
        payload = telegramPayload(event, this.#chatId as string);
        break;
      case "webhook":
        payload = webhookPayload(event);
        break;
    }
    const body = JSON.stringify(payload);
    if (this.#secret !== undefined) {
      headers["x-alvh-timestamp"] = String(now);
      headers["x-alvh-signature"] = signWebhook(this.#secret, now, body);
    }
    return { url: this.#url, body, headers };
  }

  toJSON(): { name: string; kind: string } {
    return { name: this.name, kind: this.kind };
  }
}
