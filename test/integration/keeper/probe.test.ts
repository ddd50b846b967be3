import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import hre from "hardhat";
import { describe, expect, it } from "vitest";
import { setupCrashWorld, worldKeeper } from "../../../src/demo/crashWorld.ts";
import { advanceAndRefresh, movePerpPrice } from "../../../src/demo/movePerpPrice.ts";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import { toE18 } from "../../../src/venues/perp/priceMath.ts";

describe("probe", () => {
  it("runs", async () => {
    const conn = await hre.network.create();
    const publicClient = await conn.viem.getPublicClient();
    const t0 = Date.now();
    const w = await setupCrashWorld(conn.provider, publicClient as never, { policy: defaultPolicy() });
    console.log("setup ms", Date.now() - t0);
    const block = await publicClient.getBlock();
    const start = Math.floor(Number(block.timestamp) / 3600) * 3600 * 1000;
    const seed = Array.from({ length: 80 }, (_, i) => {
      const p = 2000 * (1 + 0.002 * Math.sin(i));
      return { t: start - (80 - i) * 3_600_000, open: p, high: p * 1.001, low: p * 0.999, close: p };
    });
    const k = worldKeeper(w, {
      dbPath: path.join(mkdtempSync(path.join(tmpdir(), "alvh-k-")), "k.sqlite"),
      seed,
      backfillBars: 80,
    });
    const prices = [2000, 1960, 1900, 1850, 1800, 1750, 1720, 1700, 1680];
    for (const p of prices) {
      const t1 = Date.now();
      await advanceAndRefresh(w.clients, [w.eth, w.btc], 3600);
      await movePerpPrice(w.trader, w.perp, w.eth, toE18(p));
      const r = await k.keeper.tick();
      const b = r.books[0]!;
      const snap = await w.venue.read([w.safe.safe, w.twin]);
      console.log(
        p,
        Date.now() - t1,
        "ms",
        b.decision.status,
        b.decision.previousLayer,
        "->",
        b.decision.layer,
        "buf",
        b.decision.marginBufferPpm,
        "twin",
        snap.accounts[1]!.marginBufferPpm,
        b.plan?.intents.length ?? 0,
        b.outcome?.kind ?? "-",
        b.stale,
      );
      console.log(
        b.decision.reasons
          .filter((x) => x.fired)
          .map((x) => `${x.layer}:${x.signal}=${x.value.toFixed(4)}`)
          .join(" "),
      );
    }
    expect(true).toBe(true);
  });
});
