import type { AlertEvent } from "./AlertEvent.ts";

const ICON: Record<AlertEvent["kind"], string> = {
  "proposal-created": "🟡",
  "signatures-needed": "✍️",
  "proposal-executed": "✅",
  "proposal-failed": "❌",
  "proposal-superseded": "↩️",
  "emergency-executed": "🚨",
  "book-unprotected": "⚠️",
};

function plain(e: AlertEvent): string {
  return [`${ICON[e.kind]} ${e.title}`, ...e.lines, ...(e.link ? [`Review: ${e.link}`] : [])].join("\n");
}

/** Slack incoming webhook: `text` for notifications, one mrkdwn section with a link button. */
export function slackPayload(e: AlertEvent): unknown {
  const body = [`*${ICON[e.kind]} ${e.title}*`, ...e.lines].join("\n");
  return {
    text: `${ICON[e.kind]} ${e.title}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: body } },
      ...(e.link
        ? [
            {
              type: "actions",
              elements: [{ type: "button", text: { type: "plain_text", text: "Review" }, url: e.link }],
            },
          ]
        : []),
    ],
  };
}

const COLOR: Record<AlertEvent["kind"], number> = {
  "proposal-created": 0xf1c40f,
  "signatures-needed": 0x3498db,
  "proposal-executed": 0x2ecc71,
  "proposal-failed": 0xe74c3c,
  "proposal-superseded": 0x95a5a6,
  "emergency-executed": 0xe67e22,
  "book-unprotected": 0xe74c3c,
};

/** Discord webhook: one embed (title, lines, link, colour by kind). */
export function discordPayload(e: AlertEvent): unknown {
  return {
    content: `${ICON[e.kind]} ${e.title}`,
    embeds: [
      {
        title: e.title,
        description: e.lines.join("\n"),
        ...(e.link ? { url: e.link } : {}),
        color: COLOR[e.kind],
        timestamp: new Date(e.at * 1000).toISOString(),
      },
    ],
  };
}

/** Telegram Bot API `sendMessage`: plain text (no parse mode, so nothing needs escaping). */
export function telegramPayload(e: AlertEvent, chatId: string): unknown {
  return { chat_id: chatId, text: plain(e), disable_web_page_preview: true };
}

/** Generic JSON webhook: the event itself. */
export function webhookPayload(e: AlertEvent): unknown {
  return { ...e, version: 1 };
}
