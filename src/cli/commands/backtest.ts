import type { Command } from "commander";

/**
 * `alvh backtest`: replay historical bars through the ALVH strategy core and three baselines.
 * Subcommands: `events` (the cascade presets), `study` (rolling windows) and `sweep` (a policy grid ranked by
 * the study).
 */
export function register(program: Command): void {
  /** The policy, the book's money and the baselines' knobs (shared by every backtest command). */
  const strategies = (cmd: Command): Command =>
    cmd
      .option("--policy <file>", "policy JSON (validated like the on-chain policy); default: the default policy")
      .option("--collateral <quote>", "collateral in quote units", "10000")
      .option("--reserve <quote>", "idle quote the strategies may add as margin", "0")
      .option("--no-l3-immediate", "Layer-3 emergency actions wait for signers too")
      .option("--static-ratio <r>", "hedge ratio of the static baseline", "0.5")
      .option("--stop-k <k>", "stop-loss baseline: close at k × maintenance margin ratio", "2")
      .option("--deleverage-trigger <buffer>", "deleverage baseline: margin buffer that triggers a cut", "0.5")
      .option("--deleverage-target <buffer>", "deleverage baseline: margin buffer the cut restores", "0.7");
  const common = (cmd: Command): Command =>
    strategies(cmd)
      .option("--side <side>", "position side: long | short", "long")
      .option("--leverage <n>", "position leverage", "5")
      .option("--approval-delay <duration>", "signer approval delay of a proposal (e.g. 30m, 2h, 0)", "30m")
      .option("--data <dir>", "historical data folder (default $ALVH_DATA_DIR or ../shared/data)");
  const io = () => ({ out: (t: string) => process.stdout.write(t), env: process.env });

  const backtest = common(
    program
      .command("backtest")
      .description("backtest a position: unhedged, static hedge, stop-loss and ALVH in one pass")
      // `events`/`sweep` share option names with `backtest`: without this, `backtest events --policy f`
      // would hand --policy to the parent and the subcommand would silently run the default policy.
      .enablePositionalOptions()
      .option("--prices <file>", "price bars CSV (open_time_ms, open, high, low, close, volume_base, …)")
      .option("--funding <file>", "funding CSV (funding_time_ms, funding_interval_hours, funding_rate)")
      .option("--from <iso>", "first bar (ISO date/time, UTC); default: the file's start")
      .option("--to <iso>", "end of the window (exclusive); default: the file's end")
      .option("--json <out>", "write all metrics as JSON")
      .option("--chart <out.html>", "write a self-contained HTML chart (and an .svg next to it)"),
  ).action(async (opts: Record<string, unknown>) => {
    const { runBacktestCommand } = await import("../../backtest/cli/runBacktestCommand.ts");
    await runBacktestCommand(opts, io());
  });

  common(
    backtest
      .command("events")
      .description("replay the four liquidation cascades (2020-03-12, 2021-05-19, 2022-06, 2022-11)"),
  )
    .option("--json <out>", "write all metrics as JSON")
    .option("--chart <out.html>", "write one HTML page with every event's chart")
    .action(async (opts: Record<string, unknown>) => {
      const { runEventsCommand } = await import("../../backtest/cli/runEventsCommand.ts");
      await runEventsCommand(opts, io());
    });

  const collect = (value: string, previous: string[]) => [...previous, value];
  /** The study grid's options (shared by `study` and `sweep`). */
  const grid = (cmd: Command): Command =>
    strategies(cmd)
      .option(
        "--asset <name=prices,funding>",
        "an asset's price and funding CSV (repeatable); default: the data folder's ETH and BTC",
        collect,
        [],
      )
      .option(
        "--data <dir>",
        "historical data folder for the default assets (default $ALVH_DATA_DIR or ../shared/data)",
      )
      .option("--from <iso>", "first window start (default: the earliest time an asset has prices and funding)")
      .option("--to <iso>", "end of the range (exclusive; default: the latest data end)")
      .option("--window <duration>", "window length (e.g. 30d)", "30d")
      .option("--step <duration>", "step between window starts (e.g. 15d)", "15d")
      .option("--sides <list>", "sides, comma-separated", "long,short")
      .option("--leverage <list>", "leverages, comma-separated (e.g. 3,5)", "5")
      .option("--approval-delay <list>", "signer approval delays, comma-separated (e.g. 60m,4h)", "60m")
      .option(
        "--warmup <bars>",
        "bars before each window that warm the indicators up (else the window is skipped)",
        "200",
      )
      .option("--workers <n>", "worker threads (default: every core)");

  grid(
    backtest
      .command("study")
      .description("rolling windows × assets × sides × leverages × approval delays: every strategy on every window"),
  )
    .option("--json <out>", "write the summaries and every window's metrics as JSON")
    .option("--chart <out.html>", "write a self-contained HTML chart (return distributions, return vs worst buffer)")
    .action(async (opts: Record<string, unknown>) => {
      const { runStudyCommand } = await import("../../backtest/cli/runStudyCommand.ts");
      await runStudyCommand(opts, io());
    });

  grid(backtest.command("sweep").description("rank a grid of ALVH policies by the rolling-window study"))
    .option(
      "--grid <file>",
      'grid in policy units, e.g. {"L2.marginBuffer": ["30%", "35%"]}; default: a threshold grid',
    )
    .option("--out <dir>", "where the ranked policies are written (<rank>-<name>.json)", "out/sweep")
    .option("--top <n>", "policies drawn in the chart", "4")
    .option("--rank <by>", "study: breaches, 10th percentile, median; goal: breaches, then the goal margin", "study")
    .option("--sample <n>", "draw n grid combinations at random instead of running every one (needs --grid)")
    .option("--seed <n>", "seed of --sample's draws", "1")
    .option(
      "--min-worst-buffer <b>",
      "rank policies whose worst margin buffer falls below b (e.g. 0.25) after the rest",
    )
    .option("--json <out>", "write the ranking as JSON")
    .option("--chart <out.html>", "write the top policies' return distributions as an HTML chart")
    .action(async (opts: Record<string, unknown>) => {
      const { runSweepCommand } = await import("../../backtest/cli/runSweepCommand.ts");
      await runSweepCommand(opts, io());
    });
}
