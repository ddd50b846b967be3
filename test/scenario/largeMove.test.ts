import { beforeAll, describe, expect, it } from "vitest";
import type { Clients } from "../../src/deploy/Clients.ts";
import { revertTo, snapshot } from "../../src/deploy/chainControl.ts";
import { deployPerp, findMarket, type PerpDeployment } from "../../src/deploy/deployPerp.ts";
import { readOraclePrice } from "../../src/deploy/perpOracle.ts";
import { driveScenario, type WallClock } from "../../src/scenario/driveScenario.ts";
import { prepareScenarioTrader } from "../../src/scenario/prepareScenarioTrader.ts";
import { fromE18, toE18 } from "../../src/venues/perp/priceMath.ts";
import { createPinnedNetwork } from "../helpers/createPinnedNetwork.ts";
import { must } from "../helpers/must.ts";

let trader: Clients;
let perp: PerpDeployment;

beforeAll(async () => {
  const conn = await createPinnedNetwork();
  const publicClient = await conn.viem.getPublicClient();
  const wallets = await conn.viem.getWalletClients();
  const deployer = { publicClient, walletClient: must(wallets[0]) };
  trader = { publicClient, walletClient: must(wallets[4]) };
  perp = await deployPerp(deployer);
  await prepareScenarioTrader(deployer, trader, perp);
});

const at = async <T>(run: () => Promise<T>): Promise<T> => {
  const id = await snapshot(trader.publicClient);
  try {
    return await run();
  } finally {
    await revertTo(trader.publicClient, id);
  }
};

describe("scenario moves wider than the venue's per-block price limit", () => {
  it("a −45 % hour (the 2021-05-19 12:00–13:00 low is −48 %) is split into chunks and reaches the path", async () => {
    await at(async () => {
      const steps = await driveScenario({
        clients: trader,
        perp,
        market: "ETH",
        path: [
          { time: 0, price: toE18(2000) },
          { time: 3600, price: toE18(1100) },
          { time: 7200, price: toE18(1900) },
        ],
      });
      const down = must(steps[1]);
      const up = must(steps[2]);
      expect(down.trades).toBeGreaterThan(2); // ≈ 6,000 ticks at < 1,000 per interval
      // The pool reaches the path; the mark (a median with the 30 min TWAP) lags a move this size by a few %.
      expect(Math.abs(fromE18(down.spotPrice) / 1100 - 1)).toBeLessThan(0.002);
      expect(Math.abs(fromE18(down.markPrice) / 1100 - 1)).toBeLessThan(0.05);
      expect(Math.abs(fromE18(up.spotPrice) / 1900 - 1)).toBeLessThan(0.002);
      // The steps start on the path's schedule despite the waits between chunks (± a few blocks).
      // 15 s after every full chunk (a last small remainder, if fees left one, goes right away).
      expect(down.waitedSeconds % 15).toBe(0);
      expect(down.waitedSeconds).toBeGreaterThanOrEqual(15 * (down.trades - 2));
      const dt = Number(up.chainTime - down.chainTime) - (up.waitedSeconds - down.waitedSeconds);
      expect(Math.abs(dt - 3600)).toBeLessThan(60);
    });
  });

  it("--freeze-oracle leaves the index where it was and keeps the pool inside the venue's band", async () => {
    await at(async () => {
      const eth = must(findMarket(perp, "ETH"));
      const before = await readOraclePrice(trader, eth);
      const steps = await driveScenario({
        clients: trader,
        perp,
        market: "ETH",
        freezeOracle: true,
        path: [
          { time: 0, price: toE18(2000) },
          { time: 3600, price: toE18(1500) },
        ],
      });
      expect(await readOraclePrice(trader, eth)).toBe(before);
      const last = must(steps[1]);
      expect(last.oracleFrozen).toBe(true);
      // −25 % asked; the pool stops at the 9 % band edge below the frozen 2,000 index.
      expect(fromE18(last.spotPrice)).toBeCloseTo(1820, -1);
    });
  });

  it("--pace waits on the injected wall clock so each step starts stepMs after the first", async () => {
    await at(async () => {
      let now = 1_000;
      const sleeps: number[] = [];
      const clock: WallClock = {
        now: () => now,
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
      };
      await driveScenario({
        clients: trader,
        perp,
        market: "ETH",
        pace: { stepMs: 5_000, clock },
        path: [0, 1, 2].map((i) => ({ time: i * 3600, price: toE18(2000 - i * 10) })),
      });
      expect(sleeps).toEqual([5_000, 5_000]);
    });
  });
});
