import { describe, expect, it } from "vitest";
import { type BookState, newBookState } from "../../../src/strategy/BookState.ts";
import { evaluateBook } from "../../../src/strategy/evaluateBook.ts";
import { formatReason, type LayerIndex } from "../../../src/strategy/Reason.ts";
import type { Snapshot } from "../../../src/strategy/Snapshot.ts";
import { book, clock, e18, NOW, policy, snapshot } from "./fixtures.ts";

const state = (layer: LayerIndex, lastActionAt?: number): BookState => ({
  ...newBookState(layer, NOW - 7_200_000),
  lastActionAt,
});
const evalOn = (snap: Snapshot, prev?: BookState, b = snap.books[0] ?? book()) =>
  evaluateBook(snap, b, policy(), prev, clock());
/** long: adverse RSI = 100 − RSI; adverse MACD = −histogram / close. */
const l1Long = { rsi: 30, macdHistogram: -0.2 };
/** long, L2: adverse MACD 0.5 % ≥ 0.4 %, adverse move 6 % ≥ 5 %. */
const l2Long = { macdHistogram: -0.5, move: -0.06 };

describe("evaluateBook", () => {
  it("neutral market → layer 0, every comparison reported", () => {
    const d = evalOn(snapshot());
    expect(d.status).toBe("act");
    expect(d.layer).toBe(0);
    expect(d.marginBufferPpm).toBe(687_500);
    // L1: margin + RSI, MACD, DRAWDOWN; L2: margin + RSI, MACD, DRAWDOWN; L3: margin
    expect(d.reasons).toHaveLength(4 + 4 + 1);
    expect(d.reasons.every((r) => !r.fired)).toBe(true);
  });

  it("L1 via RSI + MACD, reasons name value, threshold and comparison", () => {
    const d = evalOn(snapshot(l1Long));
    expect(d.layer).toBe(1);
    expect(d.escalating).toBe(true);
    const rsi = d.reasons.find((r) => r.layer === 1 && r.signal === "RSI");
    expect(rsi).toMatchObject({ value: 70, threshold: 65, op: ">=", fired: true, relaxed: false });
    const macd = d.reasons.find((r) => r.layer === 1 && r.signal === "MACD");
    expect(macd?.value).toBeCloseTo(0.002, 12);
    expect(macd).toMatchObject({ threshold: 0.001, op: ">=", fired: true });
    expect(formatReason(rsi as never)).toBe("L1 adverse RSI 70.00 ≥ 65.00 → fired");
    expect(formatReason(macd as never)).toBe("L1 adverse MACD histogram/price 0.2000% ≥ 0.1000% → fired");
    // natural orientation for signers: a long's RSI 30 is at or below 100 − 65 = 35 (oversold), not "70 ≥ 65"
    expect(formatReason(rsi as never, "long")).toBe("L1 RSI 30.00 ≤ 35.00 → fired");
    expect(formatReason(macd as never, "long")).toBe("L1 MACD histogram/price -0.2000% ≤ -0.1000% → fired");
    // a short's adverse RSI is the RSI itself
    expect(formatReason(rsi as never, "short")).toBe("L1 RSI 70.00 ≥ 65.00 → fired");
    // one signal alone is below minSignals = 2
    expect(evalOn(snapshot({ rsi: 30 })).layer).toBe(0);
  });

  it("L2 via MACD + drawdown", () => {
    const d = evalOn(snapshot(l2Long));
    expect(d.layer).toBe(2);
    expect(d.reasons.filter((r) => r.layer === 2 && r.fired).map((r) => r.signal)).toEqual(["MACD", "DRAWDOWN"]);
    // adverse move 4.5 % < 5 %: only MACD fires in L2 (L1 still fires)
    expect(evalOn(snapshot({ ...l2Long, move: -0.045 })).layer).toBe(1);
  });

  it("L3 via the margin buffer alone, even before warm-up", () => {
    const b = book({ accountValue: 700n * e18 }); // (700 − 625) / 700 = 10.7 %
    const d = evalOn(snapshot({ stable: false, bars: 10 }, {}, [b]));
    expect(d.layer).toBe(3);
    const m = d.reasons.find((r) => r.layer === 3);
    expect(m).toMatchObject({ kind: "margin", signal: "MARGIN_BUFFER", op: "<=", threshold: 0.25, fired: true });
    expect(m?.value).toBeCloseTo(75 / 700, 5); // ppm resolution
    expect(formatReason(m as never)).toBe("L3 margin buffer 10.71% ≤ 25.00% → fired");
  });

  it("short books mirror long books", () => {
    const short = book({ side: "short" });
    expect(evalOn(snapshot({ rsi: 70, macdHistogram: 0.2 }, {}, [short])).layer).toBe(1);
    expect(evalOn(snapshot({ rsi: 70, macdHistogram: 0.2 })).layer).toBe(0); // same market, long book
    expect(evalOn(snapshot(l1Long, {}, [short])).layer).toBe(0);
    expect(evalOn(snapshot({ macdHistogram: 0.5, move: 0.06 }, {}, [short])).layer).toBe(2);
    expect(evalOn(snapshot({ macdHistogram: 0.5, move: 0.06 })).layer).toBe(0);
    // drawdown + RSI: a +3 % move is adverse to a short
    expect(evalOn(snapshot({ move: 0.03, rsi: 70 }, {}, [short])).layer).toBe(1);
    expect(evalOn(snapshot({ move: -0.03, rsi: 30 })).layer).toBe(1);
  });

  it("paused books are skipped and keep their layer", () => {
    const d = evalOn(snapshot(l1Long, {}, [book({ paused: true })]), state(2));
    expect(d).toMatchObject({ status: "paused", layer: 2, previousLayer: 2 });
    expect(d.reasons.map((r) => formatReason(r))).toEqual(["book paused by governance → skipped"]);
  });

  it("stale data is skipped, naming the age", () => {
    const d = evalOn(snapshot({ ...l1Long, time: NOW - 7_201_000 }));
    expect(d.status).toBe("stale");
    expect(d.layer).toBe(0);
    expect(d.reasons[0]).toMatchObject({ kind: "stale", value: 7201, threshold: 7200, op: ">" });
    expect(formatReason(d.reasons[0] as never)).toBe("data age 7201 s > max 7200 s → stale, skipped");
    // the book's own read time counts too
    expect(evalOn(snapshot({}, {}, [book({ dataTime: NOW - 8_000_000 })])).status).toBe("stale");
    expect(evalOn(snapshot({ time: NOW - 7_200_000 })).status).toBe("act");
    // no closed bar yet but a fresh read of the book: evaluated as in warm-up (margin triggers only)
    const noBar = evaluateBook(snapshot(), book({ market: "0xother" }), policy(), undefined, clock());
    expect(noBar).toMatchObject({ status: "act", layer: 0, warm: false });
    expect(noBar.reasons[0]).toMatchObject({ kind: "warmup", value: 0 });
    const thin = book({ market: "0xother", accountValue: 1_200n * e18 }); // buffer 47.9 % ≤ 50 %
    expect(evaluateBook(snapshot(), thin, policy(), undefined, clock()).layer).toBe(1);
    // …and stale when that read is old too
    const oldRead = book({ market: "0xother", dataTime: NOW - 8_000_000 });
    expect(evaluateBook(snapshot(), oldRead, policy(), undefined, clock()).status).toBe("stale");
    const missing = evaluateBook(snapshot(), book({ market: "0xother", dataTime: 0 }), policy(), undefined, clock());
    expect(missing.status).toBe("stale");
    expect(missing.reasons[0]?.value).toBe(Number.POSITIVE_INFINITY);
    // no bar at all reads as such, not as an infinite age
    expect(formatReason(missing.reasons[0] as never)).toBe(
      "no market data yet (no bar from the oracle or the CSV backfill) → skipped until the first bar",
    );
  });

  it("before warm-up only the margin trigger counts", () => {
    const cold = { ...l1Long, stable: false, bars: 20 };
    const d = evalOn(snapshot(cold));
    expect(d.layer).toBe(0);
    expect(d.warm).toBe(false);
    expect(d.reasons[0]).toMatchObject({ kind: "warmup", value: 20, threshold: 50 });
    const b = book({ accountValue: 1_200n * e18 }); // buffer 47.9 % ≤ 50 %
    expect(evalOn(snapshot(cold, {}, [b])).layer).toBe(1);
  });

  it("hysteresis keeps the layer until signals clear their thresholds by the margin", () => {
    // in the band: adverse RSI 60 ≥ 65·0.8 = 52, adverse MACD 0.0009 ≥ 0.0008
    const band = snapshot({ rsi: 40, macdHistogram: -0.09 });
    expect(evalOn(band).layer).toBe(0); // not entered from 0
    const held = evalOn(band, state(1));
    expect(held).toMatchObject({ layer: 1, held: true, status: "act" });
    expect(held.reasons.find((r) => r.layer === 1 && r.signal === "RSI")).toMatchObject({
      threshold: 52,
      relaxed: true,
      fired: true,
    });
    // adverse RSI 51 clears 52 → only MACD holds → layer left
    expect(evalOn(snapshot({ rsi: 49, macdHistogram: -0.09 }), state(1)).layer).toBe(0);
    // margin: L3 trigger 25 % is left only above 30 % (then L2's relaxed 42 % holds)
    const at = (av: number) => snapshot({}, {}, [book({ accountValue: BigInt(av) * e18 })]);
    expect(evalOn(at(875), state(3)).layer).toBe(3); // 28.6 %
    expect(evalOn(at(900), state(3)).layer).toBe(2); // 30.6 %
    expect(evalOn(at(875)).layer).toBe(2); // from 0: 28.6 % is only L2 (≤ 35 %)
  });

  it("cooldown blocks non-escalating decisions, not escalations", () => {
    const recent = state(1, NOW - 600_000);
    const calm = evalOn(snapshot(), recent);
    expect(calm).toMatchObject({ status: "cooldown", layer: 0, previousLayer: 1 });
    const cd = calm.reasons.find((r) => r.kind === "cooldown");
    expect(cd).toMatchObject({ value: 600, threshold: 14_400, op: "<" });
    expect(formatReason(cd as never)).toContain("600 s < cooldown 14400 s");
    const up = evalOn(snapshot(l2Long), recent);
    expect(up).toMatchObject({ status: "act", layer: 2, escalating: true });
    expect(evalOn(snapshot(), state(1, NOW - 14_400_000)).status).toBe("act");
  });

  it("explain: false skips evidence unless the layer changes", () => {
    const p = policy();
    const quiet = evaluateBook(snapshot(), book(), p, undefined, clock(), { explain: false });
    expect(quiet.reasons).toHaveLength(0);
    const change = evaluateBook(snapshot(l1Long), book(), p, undefined, clock(), { explain: false });
    expect(change.reasons.length).toBeGreaterThan(0);
    expect(change.layer).toBe(1);
  });

  it("implied and realised volatility fire when enabled", () => {
    const p = policy();
    p.layers[0].signalMask = (1 << 5) | (1 << 6);
    p.layers[0].realisedVolPpm = 800_000;
    p.layers[0].impliedVolPpm = 900_000;
    const run = (rv: number, iv?: number) =>
      evaluateBook(snapshot({ realisedVol: rv }, {}, [book()], iv), book(), p, undefined, clock()).layer;
    expect(run(0.85, 0.95)).toBe(1);
    expect(run(0.85)).toBe(0); // no implied vol input → does not fire
    expect(run(0.75, 0.95)).toBe(0);
  });
});
