import { privateKeyToAccount } from "viem/accounts";
import { findMarket } from "../deploy/deployPerp.ts";
import { readOraclePrice } from "../deploy/perpOracle.ts";
import { connectRpc } from "../devnet/connectRpc.ts";
import { DevRole, devKey } from "../devnet/devAccounts.ts";
import { loadDevnetContext } from "../devnet/loadDevnetContext.ts";
import { fromE18 } from "../venues/perp/priceMath.ts";
import { builtInCrashPath } from "./builtInCrashPath.ts";
import { driveScenario, type WallClock } from "./driveScenario.ts";
import { loadPricePath } from "./loadPricePath.ts";
import { rebasePath, scalePath } from "./rescalePath.ts";
import { ScenarioError } from "./ScenarioError.ts";

/** The work behind `alvh scenario`: loads/rescales the path and replays it, printing each step and the Safe. */
export async function runScenarioCommand(args: {
  rpc: string;
  deploymentsDir: string;
  market: string;
  path?: string;
  from?: string;
  to?: string;
  scale: number | "rebase";
  column: "open" | "high" | "low" | "close";
  stepSeconds?: number;
  /** Wall-clock milliseconds per step (`--pace`). */
  paceMs?: number;
  freezeOracle: boolean;
  log: (line: string) => void;
}): Promise<void> {
  const { record, venue } = await loadDevnetContext(args.rpc, args.deploymentsDir);
  const market = findMarket(record.perp, args.market);
  if (!market) throw new ScenarioError("Unknown market.", { metaMessages: [`market: ${args.market}`] });
  const trader = await connectRpc(args.rpc, privateKeyToAccount(devKey(DevRole.scenarioTrader).privateKey));
  const current = await readOraclePrice(trader, market);
  let path = args.path
    ? loadPricePath(args.path, {
        column: args.column,
        ...(args.from === undefined ? {} : { from: args.from }),
        ...(args.to === undefined ? {} : { to: args.to }),
      })
    : builtInCrashPath(current).filter(
        // The built-in path is dated from 2021-05-19T00:00Z, hour by hour: --from/--to cut it like a CSV.
        (p) =>
          (args.from === undefined || p.time >= Date.parse(args.from) / 1000) &&
          (args.to === undefined || p.time < Date.parse(args.to) / 1000),
      );
  if (path.length === 0)
    throw new ScenarioError("The price path is empty.", { metaMessages: [`from: ${args.from}`, `to: ${args.to}`] });
  path = args.scale === "rebase" ? rebasePath(path, current) : scalePath(path, args.scale);
  const how = [
    args.paceMs === undefined ? "" : `, one step every ${args.paceMs / 1000} s`,
    args.freezeOracle ? ", oracle frozen (staleness drill)" : "",
  ].join("");
  args.log(
    `scenario: ${path.length} steps on ${market.symbol}, from ${fromE18(path[0]?.price ?? 0n).toFixed(2)}${how}`,
  );
  const safe = record.safe.safe;
  await driveScenario({
    clients: trader,
    perp: record.perp,
    market: market.symbol,
    path,
    ...(args.stepSeconds === undefined ? {} : { stepSeconds: args.stepSeconds }),
    ...(args.paceMs === undefined ? {} : { pace: { stepMs: args.paceMs, clock: realWallClock } }),
    freezeOracle: args.freezeOracle,
    onStep: async (step) => {
      const snap = await venue.read([safe]);
      const a = snap.accounts[0];
      const buffer = a && a.positions.length > 0 ? `${(Number(a.marginBufferPpm) / 1e4).toFixed(1)} %` : "no position";
      args.log(
        [
          `${String(step.index + 1).padStart(4)}/${step.total}`,
          new Date(step.point.time * 1000).toISOString().slice(0, 16),
          `oracle ${fromE18(step.oraclePrice).toFixed(2)}${step.oracleFrozen ? " (frozen)" : ""}`,
          `mark ${fromE18(step.markPrice).toFixed(2)}`,
          `trades ${step.trades}`,
          `Safe buffer ${buffer}${a?.breached ? " BREACHED" : ""}`,
        ].join("  "),
      );
    },
  });
}

const realWallClock: WallClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
