import { describe, expect, it } from "vitest";
import type { HedgeIntent } from "../../../src/planner/HedgeIntent.ts";
import { planHedge } from "../../../src/planner/planHedge.ts";
import { canonicalPlan, planKey } from "../../../src/planner/planKey.ts";
import { Action } from "../../../src/policy/Policy.ts";
import { book, dec, e18, hedge, MARKET, policy } from "../strategy/fixtures.ts";

const HEDGE_MKT = "0x00000000000000000000000000000000000000B7";
const bits = (...a: number[]) => a.reduce((m, x) => m | (1 << x), 0);

describe("planHedge", () => {
  it("L1 from flat: reduce to the 25 % target", () => {
    expect(planHedge(dec(1, 0), book(), policy(), hedge())).toEqual([
      { kind: "reduce", market: MARKET, notional: 2_500n * e18 },
    ]);
  });

  it("offset-only layer opens the hedge on the hedge market", () => {
    const p = policy();
    p.layers[0].actionMask = bits(Action.OFFSET_HEDGE);
    expect(planHedge(dec(1, 0), book(), p, hedge(), { hedgeMarket: HEDGE_MKT })).toEqual([
      { kind: "openHedge", market: HEDGE_MKT, notional: 2_500n * e18 },
    ]);
  });

  it("ADD_MARGIN restores the buffer toward the less severe layer's trigger, first, capped", () => {
    const p = policy();
    p.layers[1].actionMask = bits(Action.ADD_MARGIN, Action.OFFSET_HEDGE);
    const b = book({ accountValue: 700n * e18 });
    // after the 7 500 offset, exposure 17 500 × 6.25 % = 1 093.75; 50 % buffer needs 2 187.5 → add 1 487.5
    expect(planHedge(dec(2, 0), b, p, hedge(), { hedgeMarket: HEDGE_MKT })).toEqual([
      { kind: "addMargin", amount: 14_875n * 10n ** 17n },
      { kind: "openHedge", market: HEDGE_MKT, notional: 7_500n * e18 },
    ]);
    p.layers[1].maxAddMargin = 1_000n * e18;
    expect(planHedge(dec(2, 0), b, p, hedge(), { hedgeMarket: HEDGE_MKT })[0]).toEqual({
      kind: "addMargin",
      amount: 1_000n * e18,
    });
    // with REDUCE the cut itself restores the buffer: no margin needed
    expect(planHedge(dec(2, 0), b, policy(), hedge())).toEqual([
      { kind: "reduce", market: MARKET, notional: 7_500n * e18 },
    ]);
  });

  it("maxHedgeNotional caps the target", () => {
    const p = policy();
    p.layers[2].maxHedgeNotional = 1_000n * e18;
    expect(planHedge(dec(3, 1), book(), p, hedge())).toEqual([
      { kind: "reduce", market: MARKET, notional: 1_000n * e18 },
    ]);
  });

  it("de-escalation: close the offset, restore, remove margin — in that order", () => {
    const h = hedge({
      reducedNotional: 2_500n * e18,
      offsetNotional: 1_000n * e18,
      addedMargin: 500n * e18,
      hedgeMarket: HEDGE_MKT,
    });
    const b = book({
      positionNotional: 7_500n * e18,
      accountValue: 2_500n * e18,
      maintenanceRequirement: 53125n * 10n ** 16n,
      hedge: h,
    });
    expect(planHedge(dec(0, 2), b, policy(), h)).toEqual([
      { kind: "closeHedge", market: HEDGE_MKT, notional: 1_000n * e18 },
      { kind: "restore", market: MARKET, notional: 2_500n * e18 },
      { kind: "removeMargin", amount: 500n * e18 },
    ]);
    // a thin account: restoring would put the buffer under 60 % (L1 trigger × 1.2) → only the close
    const thin = { ...b, accountValue: 1_000n * e18 };
    expect(planHedge(dec(0, 2), thin, policy(), h)).toEqual([
      { kind: "closeHedge", market: HEDGE_MKT, notional: 1_000n * e18 },
    ]);
  });

  it("price drift at a constant layer never re-adds exposure; the same state one layer down does", () => {
    // L2 cut 7 500 at 2 000; the price fell 20 %: position 2 000 at mark, 75 % of 9 500 = 7 125 < 7 500
    const h = hedge({ reducedNotional: 7_500n * e18 });
    const b = book({ positionNotional: 2_000n * e18, maintenanceRequirement: 125n * e18, hedge: h });
    expect(planHedge(dec(2, 2), b, policy(), h)).toEqual([]);
    expect(planHedge(dec(2, 1), b, policy(), h)).toEqual([]);
    expect(planHedge(dec(1, 2), b, policy(), h)).toEqual([{ kind: "restore", market: MARKET, notional: 5_125n * e18 }]);
  });

  it("tiny deltas, skipped decisions and no-op layers plan nothing", () => {
    const h = hedge({ reducedNotional: 2_450n * e18 });
    expect(planHedge(dec(1, 1), book({ positionNotional: 7_550n * e18 }), policy(), h)).toEqual([]);
    expect(planHedge(dec(1, 0, "cooldown"), book(), policy(), hedge())).toEqual([]);
    expect(planHedge(dec(0, 0), book(), policy(), hedge())).toEqual([]);
  });
});

describe("canonicalPlan / planKey", () => {
  const intents: HedgeIntent[] = [
    { kind: "addMargin", amount: 5n },
    { kind: "reduce", market: "0xAbC", notional: 7n },
  ];
  it("is canonical and deterministic", () => {
    expect(canonicalPlan("0xSAFE", 3n, 2, intents)).toBe(
      '["alvh-plan/1","0xsafe","3",2,[["addMargin","5"],["reduce","0xabc","7"]]]',
    );
    const lower: HedgeIntent[] = [intents[0] as HedgeIntent, { notional: 7n, market: "0xabc", kind: "reduce" }];
    expect(planKey("0xsafe", 3, 2, lower)).toBe(planKey("0xSAFE", 3n, 2, intents));
    expect(planKey("0xsafe", 3n, 2, intents)).toMatch(/^0x[0-9a-f]{64}$/);
    expect(planKey("0xsafe", 3n, 3, intents)).not.toBe(planKey("0xsafe", 3n, 2, intents));
    expect(planKey("0xsafe", 4n, 2, intents)).not.toBe(planKey("0xsafe", 3n, 2, intents));
    expect(planKey("0xsafe", 3n, 2, [...intents].reverse())).not.toBe(planKey("0xsafe", 3n, 2, intents));
  });
});
