import { describe, expect, it } from "vitest";
import { defaultPolicy } from "../../../src/policy/defaultPolicy.ts";
import type { Policy } from "../../../src/policy/Policy.ts";
import { referenceScale, scaleBufferPpm } from "../../../src/strategy/referenceScale.ts";
import { type PolicyEntry, runStrategy } from "../../../src/strategy/runStrategy.ts";
import { book, clock, e18, MARKET, NOW, snapshot } from "./fixtures.ts";

const H = 3_600_000;

/** The default layers (L1 67 % → 85 %, L2 65 % → 85 %, L3 63 %) written for a 5x entry (68.75 %). */
function written(reference: number): Policy {
  const p = defaultPolicy();
  return { ...p, settings: { ...p.settings, referenceBufferPpm: reference } };
}
const entries = (p: Policy) => new Map<string, PolicyEntry>([["book-1", { policy: p, version: 1n, hash: "0xabc" }]]);

/** A 3x long: 6 000 notional on 2 000 of value, 6.25 % maintenance → buffer (2 000 − 375) / 2 000 = 81.25 %. */
const entry3x = () =>
  book({ positionNotional: 6_000n * e18, accountValue: 2_000n * e18, maintenanceRequirement: 375n * e18 });
/** The same book after a 6 % fall: 5 640 notional, value 1 640, requirement 352.5 → buffer 785 060 ppm. */
const fallen3x = (t: number) =>
  book({
    positionNotional: 5_640n * e18,
    accountValue: 1_640n * e18,
    maintenanceRequirement: 3_525n * 10n ** 17n,
    dataTime: t,
  });

describe("referenceScale: triggers and targets for the book's own entry leverage", () => {
  it("scales 1 − T by (1 − B) / (1 − reference): a 3x entry under thresholds written for 5x gets 0.6", () => {
    expect(referenceScale(687_500, 812_500)).toBeCloseTo(0.6, 12);
    expect(scaleBufferPpm(670_000, 0.6)).toBe(802_000); // 5.28x → 3.17x
    expect(scaleBufferPpm(850_000, 0.6)).toBe(910_000); // 2.4x → 1.44x
    expect(scaleBufferPpm(0, 0.6)).toBe(0); // an off target stays off
    // the hysteresis levels too: L1 is left above 67 % × 1.2 = 80.4 % at 5x, above 88.24 % at 3x
    expect(scaleBufferPpm(804_000, 0.6)).toBe(882_400);
  });

  it("never loosens: 1 at or below the reference, when the field is 0, and for an unknown buffer", () => {
    expect(referenceScale(687_500, 687_500)).toBe(1);
    expect(referenceScale(687_500, 600_000)).toBe(1);
    expect(referenceScale(0, 812_500)).toBe(1);
    expect(referenceScale(687_500, Number.NaN)).toBe(1);
    expect(scaleBufferPpm(670_000, 1)).toBe(670_000);
  });
});

describe("runStrategy with referenceBufferPpm", () => {
  it("anchors the reference at the first evaluation and fires the scaled layer on it later", () => {
    const p = written(687_500);
    const first = runStrategy(snapshot({}, {}, [entry3x()]), entries(p), new Map(), clock());
    expect(first.decisions[0]).toMatchObject({ status: "act", layer: 0, referenceBufferPpm: 812_500 });
    expect(first.states.get("book-1")?.referenceBufferPpm).toBe(812_500);

    // 6 % lower: 785 060 ppm ≤ L2's scaled 790 000 (not L3's 778 000) → L2, repaying to the scaled 91 %:
    // keep = 1 640 × 9 % / 6.25 % = 2 361.6 of exposure → cut 5 640 − 2 361.6 = 3 278.4. No margin: the margin
    // target, max(L1's 80.2 %, L2's 65 % × 1.2 scaled = 86.8 %), lies below the 91 % the cut restores.
    const t = NOW + H;
    const later = runStrategy(snapshot({ time: t }, {}, [fallen3x(t)]), entries(p), first.states, clock(t));
    expect(later.decisions[0]).toMatchObject({ status: "act", layer: 2, referenceBufferPpm: 812_500 });
    expect(later.plans[0]?.intents).toEqual([{ kind: "reduce", market: MARKET, notional: 32_784n * 10n ** 17n }]);
    expect(later.states.get("book-1")?.referenceBufferPpm).toBe(812_500);
  });

  it("as written (0) the same fall is far above every trigger; a state without a reference anchors now", () => {
    const t = NOW + H;
    const off = runStrategy(snapshot({ time: t }, {}, [fallen3x(t)]), entries(written(0)), new Map(), clock(t));
    expect(off.decisions[0]?.layer).toBe(0);
    // first seen already 6 % down: anchored at 785 060 (scale 0.688, L1 at 773 026) → nothing fires yet
    const fresh = runStrategy(snapshot({ time: t }, {}, [fallen3x(t)]), entries(written(687_500)), new Map(), clock(t));
    expect(fresh.decisions[0]).toMatchObject({ layer: 0, referenceBufferPpm: 785_060 });
  });

  it("a flat book forgets its reference: a position reopened at 5x anchors its own instead of the 3x one", () => {
    const p = written(687_500);
    const first = runStrategy(snapshot({}, {}, [entry3x()]), entries(p), new Map(), clock());
    expect(first.states.get("book-1")?.referenceBufferPpm).toBe(812_500);
    // closed by its owner: no position, value 2 000, no requirement → no reference, dropped from the state
    const t1 = NOW + H;
    const closed = book({ positionNotional: 0n, accountValue: 2_000n * e18, maintenanceRequirement: 0n, dataTime: t1 });
    const flat = runStrategy(snapshot({ time: t1 }, {}, [closed]), entries(p), first.states, clock(t1));
    expect(flat.decisions[0]).toMatchObject({ layer: 0, referenceBufferPpm: undefined });
    expect(flat.states.get("book-1")?.referenceBufferPpm).toBeUndefined();
    // reopened at 5x (68.75 %): anchored at 68.75 %, nothing fires. Under the 3x reference (scale 0.6) its
    // 68.75 % would sit below the scaled L3 (1 − 0.37 × 0.6 = 77.8 %): a full cut of the new position.
    const t2 = t1 + H;
    const reopened = runStrategy(
      snapshot({ time: t2 }, {}, [book({ dataTime: t2 })]),
      entries(p),
      flat.states,
      clock(t2),
    );
    expect(reopened.decisions[0]).toMatchObject({ layer: 0, referenceBufferPpm: 687_500 });
    expect(reopened.plans).toEqual([]);
    const underOld = runStrategy(
      snapshot({ time: t2 }, {}, [book({ dataTime: t2 })]),
      entries(p),
      first.states,
      clock(t2),
    );
    expect(underOld.decisions[0]?.layer).toBe(3);
  });

  it("a 5x book (entry at the reference) keeps the thresholds as written", () => {
    // value 2 000, position 10 000 → 68.75 %; 67 % needs value 1 894: 5x book 10 % of value lost → L1 at 67 %
    const p = written(687_500);
    const first = runStrategy(snapshot(), entries(p), new Map(), clock());
    expect(first.decisions[0]).toMatchObject({ layer: 0, referenceBufferPpm: 687_500 });
    const t = NOW + H;
    const at = (value: bigint) =>
      runStrategy(
        snapshot({ time: t }, {}, [book({ accountValue: value * e18, dataTime: t })]),
        entries(p),
        first.states,
        clock(t),
      ).decisions[0]?.layer;
    // buffer (1 895 − 625) / 1 895 = 67.02 % > 67 % → 0; (1 893 − 625) / 1 893 = 66.98 % → L1
    expect(at(1_895n)).toBe(0);
    expect(at(1_893n)).toBe(1);
  });
});
