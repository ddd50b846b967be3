import { describe, expect, it } from "vitest";
import type { HedgeState } from "../../../src/planner/HedgeState.ts";
import type { Policy } from "../../../src/policy/Policy.ts";
import type { BookState } from "../../../src/strategy/BookState.ts";
import { evaluateBook } from "../../../src/strategy/evaluateBook.ts";
import { formatReason } from "../../../src/strategy/Reason.ts";
import { type PolicyEntry, runStrategy } from "../../../src/strategy/runStrategy.ts";
import { unhedgedBufferPpm } from "../../../src/strategy/unhedgedBufferPpm.ts";
import { book, clock, e18, hedge, MARKET, NOW, policy, snapshot } from "./fixtures.ts";

const H = 3_600_000;

/** Margin triggers pinned here (not the default's): L1 50 %, L2 35 %, L3 20 %; hysteresis 20 %, cooldown 30 min. */
function pinned(): Policy {
  const p = policy();
  p.layers[0].marginBufferPpm = 500_000;
  p.layers[1].marginBufferPpm = 350_000;
  p.layers[1].hedgeRatioPpm = 500_000;
  p.layers[2].marginBufferPpm = 200_000;
  p.settings.hysteresisPpm = 200_000;
  p.settings.cooldown = 1800;
  return p;
}

/**
 * A 5x long of 100 base bought at 100 (10 000 notional, 2 000 account value, 6.25 % maintenance). From 88 on,
 * `cut` base of it has been reduced at 88 (the ledger's reduced notional: cut × 88). Amounts in 1/1000 units.
 */
function at(price: number, cut = 0, t = NOW) {
  const milli = (x: number) => (BigInt(Math.round(x * 1000)) * e18) / 1000n;
  const base = 100 - cut;
  const value = cut === 0 ? 2_000 + 100 * (price - 100) : 800 + base * (price - 88);
  const h: HedgeState = hedge(cut === 0 ? {} : { reducedNotional: milli(cut * 88) });
  const b = book({
    positionNotional: milli(base * price),
    accountValue: milli(value),
    maintenanceRequirement: milli(base * price * 0.0625),
    hedge: h,
    dataTime: t,
  });
  return snapshot({ time: t, close: price }, {}, [b]);
}

describe("unhedged-equivalent margin buffer", () => {
  it("no hedge → NaN (the actual buffer applies), decisions unchanged", () => {
    const s = at(88);
    const b = s.books[0] as never;
    expect(unhedgedBufferPpm(b)).toBeNaN();
    const d = evaluateBook(s, b, pinned(), undefined, clock());
    expect(d.layer).toBe(2);
    expect(d.reasons.some((r) => r.signal === "MARGIN_BUFFER_UNHEDGED")).toBe(false);
  });

  it("the buffer if the hedge were unwound now: value − added margin against the restored exposure", () => {
    // cut 50 of 100 base at 88: actual (800 − 275) / 800 = 65.6 %, unhedged (800 − 550) / 800 = 31.25 %
    const b = at(88, 50).books[0] as never;
    expect(unhedgedBufferPpm(b)).toBe(312_500);
    // added margin does not count: (1 000 − 200 − 550) / 800
    const withMargin = book({
      positionNotional: 4_400n * e18,
      accountValue: 1_000n * e18,
      maintenanceRequirement: 275n * e18,
      hedge: hedge({ reducedNotional: 4_400n * e18, addedMargin: 200n * e18 }),
    });
    expect(unhedgedBufferPpm(withMargin)).toBe(312_500);
    // fully cut (no exposure left to read the ratio off): the given maintenance ratio, default 6.25 %
    const flat = book({
      positionNotional: 0n,
      accountValue: 800n * e18,
      maintenanceRequirement: 0n,
      hedge: hedge({ reducedNotional: 8_800n * e18 }),
    });
    expect(unhedgedBufferPpm(flat)).toBe(312_500);
    expect(unhedgedBufferPpm(flat, 100_000)).toBe(-100_000);
    // an offset hedge on another market is closed in the pro-forma: (2 000 − 625) / 2 000
    const offset = book({ maintenanceRequirement: 750n * e18, hedge: hedge({ offsetNotional: 2_000n * e18 }) });
    expect(unhedgedBufferPpm(offset)).toBe(687_500);
    // no value left once the added margin is taken out
    expect(unhedgedBufferPpm(book({ hedge: hedge({ addedMargin: 2_000n * e18 }) }))).toBe(-1_000_000);
  });

  it("the layer holds on the unhedged buffer and the reason says which buffer fired", () => {
    const prev = { layer: 2, layerSince: NOW - 2 * H, lastActionAt: NOW - 2 * H } as BookState;
    const s = at(88, 50);
    const d = evaluateBook(s, s.books[0] as never, pinned(), prev, clock());
    expect(d).toMatchObject({ status: "act", layer: 2, held: false, marginBufferPpm: 656_250 });
    const l2 = d.reasons.filter((r) => r.layer === 2 && r.kind === "margin").map((r) => formatReason(r));
    expect(l2).toEqual([
      "L2 margin buffer 65.63% ≤ 42.00% (incl. hysteresis) → not fired",
      "L2 margin buffer if unhedged 31.25% ≤ 42.00% (incl. hysteresis) → fired",
    ]);
    // an unhedged buffer above the actual one never loosens the trigger: the minimum of the two counts
    const offset = book({
      accountValue: 800n * e18,
      maintenanceRequirement: 625n * e18,
      hedge: hedge({ offsetNotional: 2_000n * e18 }),
    });
    expect(evaluateBook(snapshot({}, {}, [offset]), offset, pinned(), undefined, clock()).layer).toBe(2);
  });

  it("after a reduce executes mid-crash: no restore while the price stays down, restore once it recovers", () => {
    const entries = new Map<string, PolicyEntry>([["book-1", { policy: pinned(), version: 1n, hash: "0xabc" }]]);
    let states: ReadonlyMap<string, BookState> = new Map();
    const step = (price: number, cut: number, t: number) => {
      const r = runStrategy(at(price, cut, t), entries, states, clock(t));
      states = r.states;
      return { d: r.decisions[0], plan: r.plans[0] };
    };
    // 88: buffer 31.25 % ≤ 35 % → L2, cut half of the position
    const hit = step(88, 0, NOW);
    expect(hit.d?.layer).toBe(2);
    expect(hit.plan?.intents).toEqual([{ kind: "reduce", market: MARKET, notional: 4_400n * e18 }]);
    // executed; hours later (cooldown long over) the price is still down: L2 held, nothing re-added
    for (const [k, price] of [88, 87, 86, 87, 90, 91].entries()) {
      const { d, plan } = step(price, 50, NOW + (k + 1) * H);
      expect(d).toMatchObject({ status: "act", layer: 2 });
      expect(plan).toBeUndefined();
    }
    // 92: unhedged (1 000 − 562.5) / 1 000 = 43.75 % > 35 % × 1.2 → L1; restore toward L1's 25 % target:
    // 4 400 hedged − 25 % × (4 600 + 4 400) = 2 150 (the buffer stays above L2's relaxed 42 %)
    const up = step(92, 50, NOW + 8 * H);
    expect(up.d).toMatchObject({ layer: 1, previousLayer: 2 });
    expect(up.plan?.intents).toEqual([{ kind: "restore", market: MARKET, notional: 2_150n * e18 }]);
  });
});
