import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertChannel, signWebhook } from "../../src/alerts/AlertChannel.ts";
import { AlertConfigError } from "../../src/alerts/AlertError.ts";
import { Alerts } from "../../src/alerts/Alerts.ts";
import { alertsConfigSchema } from "../../src/alerts/alertsConfig.ts";
import type { TickReport } from "../../src/keeper/Keeper.ts";
import { createLogger } from "../../src/log/createLogger.ts";
import { KeeperStore } from "../../src/store/KeeperStore.ts";
import { newProposal } from "../fixtures/reviewFixtures.ts";

type Received = { path: string; headers: Record<string, string>; body: string };

// A local receiver for every channel kind: it accepts (2xx) unless told to refuse the next N requests on a path.
const accepted: Received[] = [];
const refuse = new Map<string, number>();
let server: Server;
let base = "";
const dir = mkdtempSync(path.join(tmpdir(), "alvh-alerts-"));
const SECRET = "test-hmac-secret";
let logLines: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const p = req.url ?? "";
      const left = refuse.get(p) ?? 0;
      if (left > 0) {
        refuse.set(p, left - 1);
        res.writeHead(503).end();
        return;
      }
      accepted.push({ path: p, headers: req.headers as Record<string, string>, body });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const env = () => ({
  ALVH_SLACK_URL: `${base}/slack/T000-SLACK-TOKEN`,
  ALVH_DISCORD_URL: `${base}/discord/DISCORD-TOKEN`,
  ALVH_TELEGRAM_URL: `${base}/bot123:TELEGRAM-TOKEN/sendMessage`,
  ALVH_WEBHOOK_URL: `${base}/hook`,
  ALVH_WEBHOOK_SECRET: SECRET,
});
const config = alertsConfigSchema.parse({
  pageUrl: "http://127.0.0.1:8600",
  backoffMs: 1_000,
  maxAttempts: 3,
  channels: [
    { kind: "slack", urlEnv: "ALVH_SLACK_URL" },
    { kind: "discord", urlEnv: "ALVH_DISCORD_URL" },
    { kind: "telegram", urlEnv: "ALVH_TELEGRAM_URL", chatId: -100123 },
    { kind: "webhook", urlEnv: "ALVH_WEBHOOK_URL", secretEnv: "ALVH_WEBHOOK_SECRET" },
  ],
});

/** A keeper process's alert side on a store file; `clock` in ms is shared so backoff is deterministic. */
function start(file: string, clock: { ms: number }) {
  const store = new KeeperStore(file, { now: () => Math.floor(clock.ms / 1000) });
  const log = createLogger({
    level: "warn",
    destination: new Writable({
      write(chunk, _e, cb) {
        logLines.push(String(chunk));
        cb();
      },
    }),
  });
  const channels = config.channels.map((c, i) => new AlertChannel(c, env(), i));
  const alerts = new Alerts({ store, channels, config, threshold: async () => 2, log, now: () => clock.ms });
  return { store, alerts };
}

const ids = (pathPrefix: string) =>
  accepted.filter((r) => r.path.startsWith(pathPrefix)).map((r) => r.headers["x-alvh-event-id"] as string);

describe("signer alerts", () => {
  it("delivers each proposal event to Slack, Discord, Telegram and a signed webhook, exactly once across restarts", async () => {
    accepted.length = 0;
    logLines = [];
    const file = path.join(dir, "restart.sqlite");
    const clock = { ms: 1_700_000_000_000 };

    // Process 1: a proposal is delivered; the webhook receiver is down for the first attempt.
    let k = start(file, clock);
    const p = newProposal();
    k.store.recordProposal(p);
    k.store.markDelivered(p.id);
    expect((await k.alerts.collect()).map((e) => e.kind)).toEqual(["proposal-created"]);
    refuse.set("/hook", 1);
    expect(await k.alerts.flush()).toEqual({ sent: 3, retried: 1, dead: 0 });
    // A signature arrives (CLI or page) and is collected, then the process dies before flushing.
    k.store.addSignature(p.id, "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", "0x22");
    await k.alerts.collect();
    k.store.close();

    // Process 2: the execution happens while it starts; everything still owed goes out once.
    clock.ms += 5_000;
    k = start(file, clock);
    k.store.markExecuted(p.id, `0x${"cd".repeat(32)}`);
    await k.alerts.collect();
    expect(await k.alerts.flush()).toEqual({ sent: 9, retried: 0, dead: 0 });
    k.store.close();

    // Process 3: nothing is repeated.
    clock.ms += 60_000;
    k = start(file, clock);
    await k.alerts.collect();
    expect(await k.alerts.flush()).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(k.alerts.outbox.counts()).toEqual({ pending: 0, sent: 12, dead: 0 });
    k.store.close();

    for (const prefix of ["/slack", "/discord", "/bot", "/hook"]) {
      const got = ids(prefix);
      expect(got).toHaveLength(3);
      expect(got[0]).toMatch(new RegExp(`^${p.id}:delivered:\\d+$`));
      expect(got.slice(1)).toEqual([`${p.id}:signatures:2`, `${p.id}:executed`]);
    }
  });

  it("formats each channel, signs the webhook body with HMAC-SHA256 and never logs a secret", () => {
    const slack = accepted.find((r) => r.path.startsWith("/slack")) as Received;
    const created = JSON.parse(slack.body) as {
      text: string;
      blocks: { type: string; elements?: { url: string }[] }[];
    };
    expect(created.text).toMatch(/Book 1 \(long ETH\): L1 proposal 0x[0-9a-f]{10} needs 1 more signature \(1\/2\)/);
    expect(JSON.stringify(created.blocks)).toContain("L1 RSI 32.37 ≤ 48.00 → fired");
    expect(created.blocks[1]?.elements?.[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:8600\/#\/proposal\/0x[0-9a-f]{64}$/);

    const discord = JSON.parse(accepted.find((r) => r.path.startsWith("/discord"))?.body as string);
    expect(discord.embeds[0]).toMatchObject({ title: expect.stringContaining("needs 1 more signature") });
    const telegram = JSON.parse(accepted.find((r) => r.path.startsWith("/bot"))?.body as string);
    expect(telegram).toMatchObject({
      chat_id: "-100123",
      text: expect.stringContaining("Review: http://127.0.0.1:8600"),
    });

    for (const hook of accepted.filter((r) => r.path === "/hook")) {
      const ts = Number(hook.headers["x-alvh-timestamp"]);
      expect(hook.headers["x-alvh-signature"]).toBe(signWebhook(SECRET, ts, hook.body));
      expect(JSON.parse(hook.body).id).toBe(hook.headers["x-alvh-event-id"]);
    }
    const executed = accepted
      .filter((r) => r.path === "/hook")
      .map((r) => JSON.parse(r.body))
      .at(-1);
    expect(executed).toMatchObject({ kind: "proposal-executed", tx: `0x${"cd".repeat(32)}` });

    // The retried delivery was logged by channel name; no URL token or secret appears anywhere in the logs.
    expect(logLines.some((l) => l.includes("webhook-4") && l.includes("HTTP 503"))).toBe(true);
    for (const secret of ["SLACK-TOKEN", "DISCORD-TOKEN", "TELEGRAM-TOKEN", SECRET, base])
      expect(logLines.join("\n")).not.toContain(secret);
    expect(JSON.stringify(new AlertChannel(config.channels[0] as never, env(), 0))).toBe(
      '{"name":"slack-1","kind":"slack"}',
    );
  });

  it("backs off exponentially and gives up after maxAttempts", async () => {
    const clock = { ms: 1_800_000_000_000 };
    const k = start(path.join(dir, "backoff.sqlite"), clock);
    const p = newProposal({ planKey: "other" });
    k.store.recordProposal(p);
    k.store.markSuperseded(p.id, "replaced by proposal 0x1234 (layer 1 -> 2)", null);
    await k.alerts.collect();
    refuse.set("/hook", 10);
    expect((await k.alerts.flush()).retried).toBe(1); // attempt 1 fails: retry in 1 s
    clock.ms += 999;
    expect(await k.alerts.flush()).toEqual({ sent: 0, retried: 0, dead: 0 });
    clock.ms += 1;
    expect((await k.alerts.flush()).retried).toBe(1); // attempt 2 fails: retry in 2 s
    clock.ms += 2_000;
    expect((await k.alerts.flush()).dead).toBe(1); // attempt 3 = maxAttempts
    expect(k.alerts.outbox.counts()).toEqual({ pending: 0, sent: 3, dead: 1 });
    refuse.delete("/hook");
    k.store.close();
  });

  it("alerts a book unprotected by stale data once per episode", async () => {
    const clock = { ms: 1_900_000_000_000 };
    const k = start(path.join(dir, "unprotected.sqlite"), clock);
    const tick = (stale: string[]) =>
      ({ time: clock.ms, books: [{ book: { id: "1" }, stale }] }) as unknown as TickReport;
    const before = accepted.length;
    k.alerts.observeTick(tick(["oracle ETH: last update 7300 s ago > maxStaleness 7200s"]));
    k.alerts.observeTick(tick(["oracle ETH: last update 7400 s ago > maxStaleness 7200s"]));
    await k.alerts.flush();
    expect(accepted.length - before).toBe(4);
    k.alerts.observeTick(tick([]));
    clock.ms += 3_600_000;
    k.alerts.observeTick(tick(["oracle ETH: stale again"]));
    await k.alerts.flush();
    const hooks = accepted
      .slice(before)
      .filter((r) => r.path === "/hook")
      .map((r) => JSON.parse(r.body));
    expect(hooks.map((h) => [h.kind, h.title])).toEqual([
      ["book-unprotected", "Book 1 is NOT protected: stale data"],
      ["book-unprotected", "Book 1 is NOT protected: stale data"],
    ]);
    expect(hooks[0].id).not.toBe(hooks[1].id);
    // The keeper's onUnprotected hook (e.g. a failed EmergencyModule call) maps onto the same alert, once per episode.
    const hook = {
      book: "2",
      reason: "module-failed" as const,
      message: "protect reverted: CooldownActive",
      at: clock.ms,
    };
    k.alerts.onUnprotected(hook);
    k.alerts.onUnprotected({ ...hook, at: clock.ms + 60_000 });
    await k.alerts.flush();
    const last = accepted
      .filter((r) => r.path === "/hook")
      .map((r) => JSON.parse(r.body))
      .at(-1);
    expect([last.title, last.lines[0]]).toEqual([
      "Book 2 is NOT protected: module failed",
      "protect reverted: CooldownActive",
    ]);
    expect(accepted.filter((r) => r.headers["x-alvh-event-id"] === last.id)).toHaveLength(4);
    k.store.close();
  });

  it("refuses a channel whose environment variable is missing, naming the variable", () => {
    expect(() => new AlertChannel({ kind: "slack", urlEnv: "NOPE_URL" }, {}, 0)).toThrow(AlertConfigError);
    expect(() => new AlertChannel({ kind: "slack", urlEnv: "NOPE_URL" }, {}, 0)).toThrow(/NOPE_URL is not set/);
  });
});
