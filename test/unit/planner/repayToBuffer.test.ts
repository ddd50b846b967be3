import { describe, expect, it } from "vitest";
import { planHedge } from "../../../src/planner/planHedge.ts";
import type { Policy } from "../../../src/policy/Policy.ts";
import { book, dec, e18, hedge, MARKET, policy } from "../strategy/fixtures.ts";

/** L1 with repay-to-buffer: trigger 50 %, target 85 %, ratio cap 100 % (maintenance 6.25 % read off the book). */
function repayPolicy(ratioPpm = 1_000_000): Policy {
  const p = policy();
  p.layers[0].targetBufferPpm = 850_000;
  p.layers[0].hedgeRatioPpm = ratioPpm;
  return p;
}

describe("planHedge: repay-to-buffer (targetBufferPpm)", () => {
  it("entering the layer cuts just enough to restore the target buffer", () => {
    // value 1 000, position 10 000 (req 625, buffer 37.5 %): keep = 1 000 × 15 % / 6.25 % = 2 400 → cut 7 600
    const b = book({ accountValue: 1_000n * e18 });
    expect(planHedge(dec(1, 0), b, repayPolicy(), hedge())).toEqual([
      { kind: "reduce", market: MARKET, notional: 7_600n * e18 },
    ]);
  });

  it("hedgeRatioPpm still caps the cut", () => {
    const b = book({ accountValue: 1_000n * e18 });
    expect(planHedge(dec(1, 0), b, repayPolicy(500_000), hedge())).toEqual([
      { kind: "reduce", market: MARKET, notional: 5_000n * e18 },
    ]);
  });

  it("at a constant layer the hedge stays while the buffer is above the trigger (no churn)", () => {
    const h = hedge({ reducedNotional: 7_600n * e18 });
    // position 2 400, value 500, req 150: buffer 70 % (> 50 % trigger, < 85 % target)
    const b = book({
      positionNotional: 2_400n * e18,
      accountValue: 500n * e18,
      maintenanceRequirement: 150n * e18,
      hedge: h,
    });
    expect(planHedge(dec(1, 1), b, repayPolicy(), h)).toEqual([]);
  });

  it("at a constant layer a buffer back at the trigger repays again", () => {
    const h = hedge({ reducedNotional: 7_600n * e18 });
    // value 300, req 150: buffer 50 % → keep = 300 × 15 % / 6.25 % = 720 → cut 2 400 − 720 = 1 680
    const b = book({
      positionNotional: 2_400n * e18,
      accountValue: 300n * e18,
      maintenanceRequirement: 150n * e18,
      hedge: h,
    });
    expect(planHedge(dec(1, 1), b, repayPolicy(), h)).toEqual([
      { kind: "reduce", market: MARKET, notional: 1_680n * e18 },
    ]);
  });

  it("0 keeps the hedge-ratio sizing", () => {
    const b = book({ accountValue: 1_000n * e18 });
    expect(planHedge(dec(1, 0), b, policy(), hedge())).toEqual([
      { kind: "reduce", market: MARKET, notional: 2_500n * e18 },
    ]);
  });
});
