import { Registry } from "prom-client";
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

function symbolOf(rt: KeeperRuntime): (market: string) => string {
  const names = new Map(rt.venue.markets.map((m) => [m.id.toLowerCase(), m.symbol]));
  return (m) => names.get(m.toLowerCase()) ?? m;
}

/** `alvh keeper once --config FILE`: one tick, then the decision table on stdout (logs go to stderr). */
export async function keeperOnce(configFile: string, flags: { resetStore?: boolean } = {}): Promise<string[]> {
  const cfg = loadKeeperConfig(configFile);
  const log = createLogger({ level: cfg.logLevel === "info" ? "warn" : cfg.logLevel, destination: process.stderr });
  const rt = await buildKeeper(cfg, {
    env: process.env,
    log,
    ...testHooks(process.env),
    ...(flags.resetStore ? { resetStore: true } : {}),
  });
  try {
    const report = await rt.budget.run(() => rt.keeper.tick());
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
  overrides: { metricsPort?: number; resetStore?: boolean } = {},
): Promise<void> {
  const cfg = loadKeeperConfig(configFile);
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
  try {
    rt = await buildKeeper(cfg, {
      env: process.env,
      log,
      ...testHooks(process.env),
      ...(overrides.resetStore ? { resetStore: true } : {}),
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  const abort = new AbortController();
  const loop = runKeeperLoop(rt, { pollIntervalMs: cfg.pollIntervalMs, signal: abort.signal });
  health = loop.health;
  log.info(
    { metrics: `${server.url}/metrics`, health: `${server.url}/health`, books: rt.books.map((b) => b.id) },
    "keeper started",
  );
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, "shutting down after the tick in progress");
    abort.abort();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  await loop.done;
  await server.close();
  rt.close();
  process.off("SIGTERM", onSignal);
  process.off("SIGINT", onSignal);
  log.info("keeper stopped");
}
