import { describe, expect, it } from "vitest";
import { planKey } from "../../../src/planner/planKey.ts";
import type { BookState } from "../../../src/strategy/BookState.ts";
import { formatReason } from "../../../src/strategy/Reason.ts";
import { type PolicyEntry, runStrategy } from "../../../src/strategy/runStrategy.ts";
import { book, clock, e18, hedge, MARKET, NOW, policy, snapshot } from "./fixtures.ts";

const H = 3_600_000;
const l1 = { rsi: 30, macdHistogram: -0.2 };
const entries = (version = 1n) =>
  new Map<string, PolicyEntry>([["book-1", { policy: policy(), version, hash: "0xabc" }]]);

describe("runStrategy", () => {
  it("plans once on entering a layer, with a deterministic key, and records the state", () => {
    const r = runStrategy(snapshot(l1), entries(), new Map(), clock());
    expect(r.decisions.map((d) => [d.status, d.layer])).toEqual([["act", 1]]);
    expect(r.plans).toHaveLength(1);
    const plan = r.plans[0];
    expect(plan?.intents).toEqual([{ kind: "reduce", market: MARKET, notional: 2_500n * e18 }]);
    expect(plan?.key).toBe(planKey("book-1", 1n, 1, plan?.intents ?? []));
    expect(r.states.get("book-1")).toMatchObject({
      layer: 1,
      layerSince: NOW,
      lastActionAt: NOW,
      lastPlanKey: plan?.key,
    });
    // a second keeper with the same inputs produces the identical result
    expect(runStrategy(snapshot(l1), entries(), new Map(), clock())).toEqual(r);
  });

  it("does not re-plan an unchanged book; re-plans once the hedge state changes", () => {
    const first = runStrategy(snapshot(l1), entries(), new Map(), clock());
    const t1 = NOW + 5 * H; // past the 4 h cooldown
    const again = runStrategy(
      snapshot({ ...l1, time: t1 }, {}, [book({ dataTime: t1 })]),
      entries(),
      first.states,
      clock(t1),
    );
    expect(again.decisions[0]).toMatchObject({ status: "act", layer: 1 });
    expect(again.plans).toEqual([]);
    expect(again.states.get("book-1")).toBe(first.states.get("book-1"));
    // executed: the chain now shows the cut → planner runs, target met, nothing to do
    const done = book({
      positionNotional: 7_500n * e18,
      maintenanceRequirement: 46_875n * 10n ** 16n, // 6.25 % of 7 500
      hedge: hedge({ reducedNotional: 2_500n * e18 }),
      dataTime: t1,
    });
    const after = runStrategy(snapshot({ ...l1, time: t1 }, {}, [done]), entries(), first.states, clock(t1));
    expect(after.plans).toEqual([]);
    expect(after.states.get("book-1")).toMatchObject({ layer: 1, lastPlannedAt: t1, lastActionAt: NOW });
  });

  it("a new policy version re-plans under a new key", () => {
    const first = runStrategy(snapshot(l1), entries(), new Map(), clock());
    const t1 = NOW + 5 * H; // past the 4 h cooldown
    const b = book({ policyVersion: 2n, dataTime: t1 });
    const r = runStrategy(snapshot({ ...l1, time: t1 }, {}, [b]), entries(2n), first.states, clock(t1));
    expect(r.plans).toHaveLength(1);
    expect(r.plans[0]?.key).not.toBe(first.plans[0]?.key);
    expect(r.plans[0]?.policyVersion).toBe(2n);
  });

  it("skips books without a policy or with another policy version", () => {
    const prev = new Map<string, BookState>();
    const mismatch = runStrategy(snapshot(l1), entries(2n), prev, clock());
    expect(mismatch.decisions[0]).toMatchObject({ status: "policy", layer: 0 });
    expect(formatReason(mismatch.decisions[0]?.reasons[0] as never)).toBe(
      "book's policy version 1 ≠ evaluated policy version 2 → skipped",
    );
    expect(mismatch.plans).toEqual([]);
    const none = runStrategy(snapshot(l1), new Map(), prev, clock());
    expect(none.decisions[0]?.status).toBe("policy");
  });

  it("skipped decisions (stale, cooldown) neither plan nor move the state", () => {
    const first = runStrategy(snapshot(l1), entries(), new Map(), clock());
    const t1 = NOW + 600_000; // inside the 14 400 s cooldown, stress gone
    const r = runStrategy(snapshot({ time: t1 }, {}, [book({ dataTime: t1 })]), entries(), first.states, clock(t1));
    expect(r.decisions[0]).toMatchObject({ status: "cooldown", layer: 0, previousLayer: 1 });
    expect(r.plans).toEqual([]);
    expect(r.states.get("book-1")).toBe(first.states.get("book-1"));
    const t2 = NOW + 4 * H; // cooldown over → de-escalation plan (restore the cut)
    const done = book({
      positionNotional: 7_500n * e18,
      maintenanceRequirement: 46_875n * 10n ** 16n, // 6.25 % of 7 500
      hedge: hedge({ reducedNotional: 2_500n * e18 }),
      dataTime: t2,
    });
    const down = runStrategy(snapshot({ time: t2 }, {}, [done]), entries(), first.states, clock(t2));
    expect(down.decisions[0]).toMatchObject({ status: "act", layer: 0 });
    expect(down.plans[0]?.intents).toEqual([{ kind: "restore", market: MARKET, notional: 2_500n * e18 }]);
  });
});
