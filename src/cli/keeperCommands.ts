import path from "node:path";
import { buildAlerts } from "../alerts/buildAlerts.ts";
import type { KeeperConfig } from "../config/KeeperConfig.ts";
import { loadKeeperConfig } from "../config/loadKeeperConfig.ts";
import { type BuildKeeperOptions, buildKeeper, type KeeperRuntime } from "../keeper/buildKeeper.ts";
import { formatTickReport } from "../keeper/formatTickReport.ts";
import { runKeeperLoop } from "../keeper/runKeeperLoop.ts";
import { createLogger } from "../log/createLogger.ts";
import { startMetricsServer } from "../metrics/startMetricsServer.ts";

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

type Overrides = { emergency?: boolean; deploymentsDir?: string };

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

/**
 * `alvh keeper once --config FILE`: one tick, then the alerts it caused (when configured), then the decision table
 * on stdout (logs go to stderr).
 */
export async function keeperOnce(configFile: string, overrides: Overrides = {}): Promise<string[]> {
  const cfg = withOverrides(loadKeeperConfig(configFile), overrides);
  const log = createLogger({ level: cfg.logLevel === "info" ? "warn" : cfg.logLevel, destination: process.stderr });
  const rt = await buildKeeper(cfg, { env: process.env, log, ...testHooks(process.env) });
  try {
    const alerts = buildAlerts({
      config: cfg.alerts,
      env: process.env,
      store: rt.store,
      publicClient: rt.publicClient,
      log,
    });
    const report = await rt.keeper.tick();
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
  const rt = await buildKeeper(cfg, { env: process.env, log, ...testHooks(process.env) });
  let alerts: ReturnType<typeof buildAlerts>;
  try {
    alerts = buildAlerts({ config: cfg.alerts, env: process.env, store: rt.store, publicClient: rt.publicClient, log });
  } catch (error) {
    rt.close();
    throw error;
  }
  const abort = new AbortController();
  const loop = runKeeperLoop(rt, {
    pollIntervalMs: cfg.pollIntervalMs,
    signal: abort.signal,
    ...(alerts ? { onTick: (report) => alerts.observeTick(report) } : {}),
  });
  const alertsDone = alerts?.run(abort.signal, cfg.pollIntervalMs) ?? Promise.resolve();
  let server: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  try {
    server = await startMetricsServer(rt.metrics.registry, loop.health, overrides.metricsPort ?? cfg.metrics.port);
  } catch (error) {
    abort.abort();
    await loop.done;
    await alertsDone;
    rt.close();
    throw error;
  }
  // The signers' page in the keeper process (same store, opened read-only by the page's server).
  let ui: Awaited<ReturnType<typeof import("./uiCommand.ts").startUiCommand>> | undefined;
  try {
    if (cfg.ui) ui = await (await import("./uiCommand.ts")).startUiCommand({ config: configFile, port: cfg.ui.port });
  } catch (error) {
    abort.abort();
    await loop.done;
    await alertsDone;
    await server.close();
    rt.close();
    throw error;
  }
  log.info(
    {
      metrics: `${server.url}/metrics`,
      health: `${server.url}/health`,
      ...(ui ? { reviewPage: ui.url } : {}),
      books: rt.books.map((b) => b.id),
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
  rt.close();
  process.off("SIGTERM", onSignal);
  process.off("SIGINT", onSignal);
  log.info("keeper stopped");
}
