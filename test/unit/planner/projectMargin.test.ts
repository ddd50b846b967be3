import { describe, expect, it } from "vitest";
import { projectMargin } from "../../../src/planner/projectMargin.ts";
import { evaluateBook } from "../../../src/strategy/evaluateBook.ts";
import { formatDecision } from "../../../src/strategy/formatDecision.ts";
import { book, clock, e18, MARKET, policy, snapshot } from "../strategy/fixtures.ts";

describe("projectMargin / formatDecision", () => {
  it("projects the buffer after a plan with the planner's maintenance model", () => {
    const b = book({ accountValue: 700n * e18 }); // buffer 10.71 %
    const p = projectMargin(b, [
      { kind: "addMargin", amount: 300n * e18 },
      { kind: "reduce", market: MARKET, notional: 5_000n * e18 },
    ]);
    // AV 1 000, MR 312.5 → 68.75 %
    expect(p).toMatchObject({
      bufferBeforePpm: 107_142,
      bufferAfterPpm: 687_500,
      maintenanceAfter: 3125n * 10n ** 17n,
    });
    expect(p.positionNotionalAfter).toBe(5_000n * e18);
  });

  it("formats a decision with its fired reasons", () => {
    const d = evaluateBook(snapshot({ rsi: 30, macdHistogram: -0.2 }), book(), policy(), undefined, clock());
    expect(formatDecision(d)).toBe(
      [
        `book-1 long ${MARKET}: L0 → L1 [act] margin buffer 68.75% policy v1`,
        "  - L1 RSI 30.00 ≤ 35.00 → fired",
        "  - L1 MACD histogram/price -0.2000% ≤ -0.1000% → fired",
      ].join("\n"),
    );
  });
});
