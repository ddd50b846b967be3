import type { PublicClient } from "viem";
import type { Logger } from "../log/createLogger.ts";
import { readSafeInfo } from "../review/readSafeInfo.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import { AlertChannel } from "./AlertChannel.ts";
import { Alerts } from "./Alerts.ts";
import type { AlertsConfig } from "./alertsConfig.ts";

/**
 * The keeper process's alerts from its config: channel secrets are read from `env` here, once, at startup (a
 * missing variable stops the start with its name). Undefined when no channel is configured.
 */
export function buildAlerts(args: {
  config: AlertsConfig | undefined;
  env: Readonly<Record<string, string | undefined>>;
  store: KeeperStore;
  publicClient: PublicClient;
  log: Logger;
}): Alerts | undefined {
  const cfg = args.config;
  if (!cfg || cfg.channels.length === 0) return undefined;
  const channels = cfg.channels.map((c, i) => new AlertChannel(c, args.env, i));
  const thresholds = new Map<string, { at: number; value: number }>();
  const threshold = async (safe: string) => {
    const hit = thresholds.get(safe);
    if (hit && Date.now() - hit.at < 60_000) return hit.value;
    try {
      const value = (await readSafeInfo(args.publicClient, safe)).threshold;
      thresholds.set(safe, { at: Date.now(), value });
      return value;
    } catch {
      return hit?.value; // the chain is unreachable: the alert says `?` rather than waiting
    }
  };
  args.log.info({ channels: channels.map((c) => c.toJSON()) }, "alerts enabled");
  return new Alerts({ store: args.store, channels, config: cfg, threshold, log: args.log });
}
