import path from "node:path";
import { Registry } from "prom-client";
import type { Alerts } from "../alerts/Alerts.ts";
import { buildAlerts } from "../alerts/buildAlerts.ts";
import type { KeeperConfig } from "../config/KeeperConfig.ts";
import { loadKeeperConfig } from "../config/loadKeeperConfig.ts";
import { type BuildKeeperOptions, buildKeeper, type KeeperRuntime } from "../keeper/buildKeeper.ts";
import { formatTickReport } from "../keeper/formatTickReport.ts";
import { runKeeperLoop } from "../keeper/runKeeperLoop.ts";
import { createLogger } from "../log/createLogger.ts";
import { type Health, startMetricsServer } from "../metrics/startMetricsServer.ts";

/**
 * Test-only hook (restart-safety test): with ALVH_TEST_PAUSE_AFTER_RECORD=1 the keeper prints
 * `ALVH_TEST_PAUSED <id>` after recording a proposal and before delivering it, then waits to be killed.
 */
function testHooks(env: NodeJS.ProcessEnv): Pick<BuildKeeperOptions, "afterRecord"> {
  if (env.ALVH_TEST_PAUSE_AFTER_RECORD !== "1") return {};
  return {
    afterRecord: (record) =>
      new Promise<void>(() => {
        process.stdout.write(`ALVH_TEST_PAUSED ${record.id}\n`);
        setInterval(() => {}, 60_000);
      }),
  };
}

type Overrides = { emergency?: boolean; deploymentsDir?: string; resetStore?: boolean };

/** `--no-emergency`: the EmergencyModule route off for this run; `--deployments` replaces the config's
 *  deploymentsDir (resolved against the current folder). */
function withOverrides(cfg: KeeperConfig, o: Overrides): KeeperConfig {
  const c = o.deploymentsDir === undefined ? cfg : { ...cfg, deploymentsDir: path.resolve(o.deploymentsDir) };
  return o.emergency === false ? { ...c, emergency: { ...c.emergency, enabled: false } } : c;
}

function symbolOf(rt: KeeperRuntime): (market: string) => string {
  const names = new Map(rt.venue.markets.map((m) => [m.id.toLowerCase(), m.symbol]));
  return (m) => names.get(m.toLowerCase()) ?? m;
}

/** The keeper's `onUnprotected` hook, late-bound to the alerts (they need the store, opened by `buildKeeper`):
 *  events before the alerts exist (a refused config) are logged and counted only. */
function lateAlerts(): {
  hook: (e: Parameters<Alerts["onUnprotected"]>[0]) => void;
  bind: (a: Alerts | undefined) => void;
} {
  let alerts: Alerts | undefined;
  return {
    hook: (e) => alerts?.onUnprotected(e),
    bind: (a) => {
      alerts = a;
    },
  };
}

/**
 * `alvh keeper once --config FILE`: one tick, then the alerts it caused (when configured), then the decision table
 * on stdout (logs go to stderr).
 */
export async function keeperOnce(configFile: string, overrides: Overrides = {}): Promise<string[]> {
  const cfg = withOverrides(loadKeeperConfig(configFile), overrides);
  const log = createLogger({ level: cfg.logLevel === "info" ? "warn" : cfg.logLevel, destination: process.stderr });
  const late = lateAlerts();
  const rt = await buildKeeper(cfg, {
    env: process.env,
    log,
    ...testHooks(process.env),
    ...(overrides.resetStore ? { resetStore: true } : {}),
    onUnprotected: late.hook,
  });
  try {
    const alerts = buildAlerts({
      config: cfg.alerts,
      env: process.env,
      store: rt.store,
      publicClient: rt.publicClient,
      log,
    });
    late.bind(alerts);
    const report = await rt.budget.run(() => rt.keeper.tick());
    alerts?.observeTick(report);
    await alerts?.drain();
    return formatTickReport(report, symbolOf(rt));
  } finally {
    rt.close();
  }
}

/**
 * `alvh keeper run --config FILE`: the long-running keeper. pino JSON logs on stdout, Prometheus `/metrics`
 * and `/health` on 127.0.0.1:<metrics.port>; SIGTERM/SIGINT stop it after the tick in progress, then the
 * metrics server and the store are closed.
 */
export async function keeperRun(
  configFile: string,
  overrides: Overrides & { metricsPort?: number } = {},
): Promise<void> {
  const cfg = withOverrides(loadKeeperConfig(configFile), overrides);
  const log = createLogger({ level: cfg.logLevel });
  // The metrics port is bound before anything else: a second keeper on the same config stops here, before
  // its first tick and before it opens the store.
  let health: () => Health = () => ({ ok: false, starting: true });
  let rt: KeeperRuntime | undefined;
  const registry = new Registry();
  const server = await startMetricsServer(
    { metrics: () => rt?.metrics.registry.metrics() ?? registry.metrics(), contentType: registry.contentType },
    () => health(),
    overrides.metricsPort ?? cfg.metrics.port,
  );
  const late = lateAlerts();
  let alerts: ReturnType<typeof buildAlerts>;
  try {
    rt = await buildKeeper(cfg, {
      env: process.env,
      log,
      ...testHooks(process.env),
      ...(overrides.resetStore ? { resetStore: true } : {}),
      onUnprotected: late.hook,
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  const built = rt;
  try {
    alerts = buildAlerts({
      config: cfg.alerts,
      env: process.env,
      store: built.store,
      publicClient: built.publicClient,
      log,
    });
  } catch (error) {
    await server.close();
    built.close();
    throw error;
  }
  late.bind(alerts);
  const abort = new AbortController();
  const loop = runKeeperLoop(built, {
    pollIntervalMs: cfg.pollIntervalMs,
    signal: abort.signal,
    ...(alerts ? { onTick: (report) => alerts.observeTick(report) } : {}),
  });
  health = loop.health;
  const alertsDone = alerts?.run(abort.signal, cfg.pollIntervalMs) ?? Promise.resolve();
  // The signers' page in the keeper process (same store, opened read-only by the page's server).
  let ui: Awaited<ReturnType<typeof import("./uiCommand.ts").startUiCommand>> | undefined;
  try {
    if (cfg.ui) ui = await (await import("./uiCommand.ts")).startUiCommand({ config: configFile, port: cfg.ui.port });
  } catch (error) {
    abort.abort();
    await loop.done;
    await alertsDone;
    await server.close();
    built.close();
    throw error;
  }
  log.info(
    {
      metrics: `${server.url}/metrics`,
      health: `${server.url}/health`,
      ...(ui ? { reviewPage: ui.url } : {}),
      books: built.books.map((b) => b.id),
    },
    "keeper started",
  );
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, "shutting down after the tick in progress");
    abort.abort();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  await loop.done;
  await alertsDone;
  await alerts?.drain(); // what the last tick recorded goes out before the process exits
  await ui?.close();
  await server.close();
  built.close();
  process.off("SIGTERM", onSignal);
  process.off("SIGINT", onSignal);
  log.info("keeper stopped");
}
