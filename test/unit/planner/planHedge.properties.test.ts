import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HedgeIntent } from "../../../src/planner/HedgeIntent.ts";
import type { HedgeState } from "../../../src/planner/HedgeState.ts";
import { DEFAULT_MIN_DELTA_PPM, planHedge } from "../../../src/planner/planHedge.ts";
import { Action, type Layer, type Policy } from "../../../src/policy/Policy.ts";
import { type BookSnapshot, bookSnapshot } from "../../../src/strategy/BookSnapshot.ts";
import { type BookState, newBookState } from "../../../src/strategy/BookState.ts";
import type { LayerIndex } from "../../../src/strategy/Reason.ts";
import { type PolicyEntry, runStrategy } from "../../../src/strategy/runStrategy.ts";
import { book, clock, dec, e18, NOW, policy, snapshot } from "../strategy/fixtures.ts";

const SEED = 20210519;
const HEDGE_MKT = "0xhedge";
const amount = (i: HedgeIntent) => ("amount" in i ? i.amount : i.notional);
const allowed = (l: Layer | undefined, a: number) => l !== undefined && (l.actionMask & (1 << a)) !== 0;
const UP = new Set(["reduce", "openHedge", "addMargin"]);
const DOWN = new Set(["restore", "closeHedge", "removeMargin"]);

const units = (max: number) => fc.bigInt({ min: 0n, max: BigInt(max) * e18 });
const layerArb = fc.record({
  hedgeRatioPpm: fc.integer({ min: 0, max: 1_200_000 }),
  actionMask: fc.integer({ min: 0, max: 15 }),
  maxHedgeNotional: units(30_000),
  maxAddMargin: units(5_000),
  targetBufferPpm: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999_999 })),
  marginBufferPpm: fc.integer({ min: 0, max: 900_000 }),
});
const policyArb = fc
  .tuple(layerArb, layerArb, layerArb, fc.integer({ min: 0, max: 500_000 }))
  .map(([a, b, c, h]): Policy => {
    const p = policy();
    p.layers = [
      { ...p.layers[0], ...a },
      { ...p.layers[1], ...b },
      { ...p.layers[2], ...c },
    ];
    p.settings = { ...p.settings, hysteresisPpm: h };
    return p;
  });
const caseArb = fc.record({
  policy: policyArb,
  layer: fc.constantFrom<LayerIndex>(0, 1, 2, 3),
  previousLayer: fc.constantFrom<LayerIndex>(0, 1, 2, 3),
  pos: units(20_000),
  accountValue: fc.bigInt({ min: 1n, max: 10_000n * e18 }),
  mmrPpm: fc.integer({ min: 10_000, max: 150_000 }),
  reduced: units(10_000),
  offset: units(10_000),
  added: units(3_000),
});

describe("planHedge properties (fast-check, pinned seed)", () => {
  it("never exceeds a cap, never plans a zero/no-op amount, only allowed kinds, never both directions", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const state: HedgeState = {
          reducedNotional: c.reduced,
          offsetNotional: c.offset,
          addedMargin: c.added,
          hedgeMarket: c.offset > 0n ? HEDGE_MKT : undefined,
        };
        const mr = ((c.pos + c.offset) * BigInt(c.mmrPpm)) / 1_000_000n;
        const b = book({
          positionNotional: c.pos,
          accountValue: c.accountValue,
          maintenanceRequirement: mr,
          hedge: state,
        });
        const intents = planHedge(dec(c.layer, c.previousLayer), b, c.policy, state, { hedgeMarket: HEDGE_MKT });
        const layer = c.layer === 0 ? undefined : c.policy.layers[c.layer - 1];
        const original = c.pos + c.reduced;
        const minTrade = (original * BigInt(DEFAULT_MIN_DELTA_PPM)) / 1_000_000n;
        const sum = (k: HedgeIntent["kind"]) => intents.filter((i) => i.kind === k).reduce((s, i) => s + amount(i), 0n);

        for (const i of intents) {
          expect(amount(i)).toBeGreaterThan(0n);
          if (i.kind !== "addMargin" && i.kind !== "removeMargin") expect(amount(i)).toBeGreaterThanOrEqual(minTrade);
        }
        const kinds = new Set(intents.map((i) => i.kind));
        expect(kinds.size).toBe(intents.length); // one intent per kind
        if (kinds.has("reduce")) expect(allowed(layer, Action.REDUCE)).toBe(true);
        if (kinds.has("openHedge")) expect(allowed(layer, Action.OFFSET_HEDGE)).toBe(true);
        if (kinds.has("addMargin")) expect(allowed(layer, Action.ADD_MARGIN)).toBe(true);
        expect(kinds.has("reduce") && kinds.has("restore")).toBe(false);
        expect(kinds.has("openHedge") && kinds.has("closeHedge")).toBe(false);
        expect(kinds.has("addMargin") && kinds.has("removeMargin")).toBe(false);

        expect(sum("reduce")).toBeLessThanOrEqual(c.pos); // never through zero
        expect(sum("restore")).toBeLessThanOrEqual(c.reduced);
        expect(sum("closeHedge")).toBeLessThanOrEqual(c.offset);
        expect(sum("removeMargin")).toBeLessThanOrEqual(c.added);
        if (layer !== undefined) expect(sum("addMargin")).toBeLessThanOrEqual(layer.maxAddMargin);

        const before = c.reduced + c.offset;
        const after = before + sum("reduce") + sum("openHedge") - sum("restore") - sum("closeHedge");
        if (kinds.has("reduce") || kinds.has("openHedge")) {
          expect(layer).toBeDefined();
          expect(after).toBeLessThanOrEqual((layer as Layer).maxHedgeNotional);
          expect(after).toBeLessThanOrEqual(original); // hedge ratio ≤ 100 %
          expect(after * 1_000_000n).toBeLessThanOrEqual(original * BigInt((layer as Layer).hedgeRatioPpm));
        }
        if ((kinds.has("restore") || kinds.has("closeHedge")) && !(layer && layer.targetBufferPpm > 0)) {
          // unwinding never goes below the layer's target (a repay-to-buffer layer's target is the buffer's)
          const ratio = BigInt(Math.min(layer?.hedgeRatioPpm ?? 0, 1_000_000));
          const target = layer === undefined ? 0n : (original * ratio) / 1_000_000n;
          const capped = layer !== undefined && target > layer.maxHedgeNotional ? layer.maxHedgeNotional : target;
          expect(after).toBeGreaterThanOrEqual(capped);
        }
        // a de-escalating decision never adds risk-reducing trades it would have to undo, and vice versa
        if (c.layer < c.previousLayer) expect(kinds.has("addMargin")).toBe(false);
        if (kinds.has("addMargin")) expect(kinds.has("restore") || kinds.has("closeHedge")).toBe(false);
        if (kinds.has("removeMargin")) expect(c.layer).toBe(0);
        // unwinding only when the layer dropped (or is 0): price drift at a constant layer never re-adds exposure
        if (kinds.has("restore") || kinds.has("closeHedge"))
          expect(c.layer === 0 || c.layer < c.previousLayer).toBe(true);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it("idempotent: once a plan's trades are executed, the same layer plans no further trades", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const state: HedgeState = {
          reducedNotional: c.reduced,
          offsetNotional: c.offset,
          addedMargin: c.added,
          hedgeMarket: HEDGE_MKT,
        };
        const mmr = BigInt(c.mmrPpm);
        const mk = (pos: bigint, off: bigint, av: bigint, h: HedgeState): BookSnapshot =>
          book({
            positionNotional: pos,
            accountValue: av,
            maintenanceRequirement: ((pos + off) * mmr) / 1_000_000n,
            hedge: h,
          });
        const d = dec(c.layer, c.previousLayer);
        const first = planHedge(d, mk(c.pos, c.offset, c.accountValue, state), c.policy, state);
        let { pos, offset: off, accountValue: av } = c;
        const h = { ...state };
        for (const i of first) {
          const a = amount(i);
          if (i.kind === "reduce") [pos, h.reducedNotional] = [pos - a, h.reducedNotional + a];
          if (i.kind === "restore") [pos, h.reducedNotional] = [pos + a, h.reducedNotional - a];
          if (i.kind === "openHedge") [off, h.offsetNotional] = [off + a, h.offsetNotional + a];
          if (i.kind === "closeHedge") [off, h.offsetNotional] = [off - a, h.offsetNotional - a];
          if (i.kind === "addMargin") [av, h.addedMargin] = [av + a, h.addedMargin + a];
          if (i.kind === "removeMargin") [av, h.addedMargin] = [av - a, h.addedMargin - a];
        }
        const again = planHedge(dec(c.layer, c.layer), mk(pos, off, av, h), c.policy, h);
        const trades = again.filter((i) => i.kind !== "addMargin" && i.kind !== "removeMargin" && i.kind !== "restore");
        expect(trades).toEqual([]);
      }),
      { seed: SEED, numRuns: 800 },
    );
  });

  it("no flapping: signals or the margin buffer oscillating inside the hysteresis band give no alternating plans", () => {
    const p = policy();
    const entry: PolicyEntry = { policy: p, version: 1n, hash: "0xabc" };
    const policies = new Map([["book-1", entry]]);
    const H = 3_600_000;
    fc.assert(
      fc.property(
        // adverse RSI ∈ [52.5, 80] (the L1 band is [52, 65) and above), adverse MACD ∈ [0.00085, 0.004]
        fc.array(
          fc.tuple(
            fc.double({ min: 52.5, max: 80, noNaN: true }),
            fc.double({ min: 0.00085, max: 0.004, noNaN: true }),
          ),
          {
            minLength: 5,
            maxLength: 40,
          },
        ),
        (steps) => {
          let b = book();
          let states: ReadonlyMap<string, BookState> = new Map<string, BookState>();
          const layers: number[] = [];
          const dirs: string[] = [];
          const step = (i: number, rsiAdverse: number, macdAdverse: number) => {
            const snap = snapshot({ rsi: 100 - rsiAdverse, macdHistogram: -macdAdverse * 100, time: NOW + i * H }, {}, [
              b,
            ]);
            const r = runStrategy(snap, policies, states, clock(NOW + i * H));
            states = r.states;
            layers.push(r.decisions[0]?.layer ?? -1);
            for (const plan of r.plans) {
              dirs.push(plan.intents.some((x) => DOWN.has(x.kind)) ? "down" : "up");
              for (const x of plan.intents) {
                expect(UP.has(x.kind)).toBe(true);
                if (x.kind === "reduce") {
                  const h = { ...b.hedge, reducedNotional: b.hedge.reducedNotional + x.notional };
                  const pos = b.positionNotional - x.notional;
                  b = bookSnapshot({
                    ...b,
                    positionNotional: pos,
                    maintenanceRequirement: (pos * 625n) / 10_000n,
                    hedge: h,
                    dataTime: NOW + i * H,
                  });
                }
              }
            }
            b = { ...b, dataTime: NOW + (i + 1) * H };
          };
          step(0, 70, 0.002); // enter L1 strictly
          for (const [i, [r, m]] of steps.entries()) step(i + 1, r, m);
          expect(layers.every((l) => l === 1)).toBe(true);
          expect(dirs).toEqual(["up"]); // the entry plan only
        },
      ),
      { seed: SEED, numRuns: 200 },
    );

    // margin buffer oscillating in L3's band (20 %, 24 %]: the layer is held, plans only ever add protection
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 200_001, max: 239_000 }), { minLength: 5, maxLength: 30 }), (buffers) => {
        let states: ReadonlyMap<string, BookState> = new Map<string, BookState>([["book-1", newBookState(3, NOW)]]);
        buffers.forEach((ppm, i) => {
          const av = 10_000n * e18;
          const mr = (av * BigInt(1_000_000 - ppm)) / 1_000_000n;
          const b = book({ accountValue: av, maintenanceRequirement: mr, dataTime: NOW + i * H });
          const r = runStrategy(snapshot({ time: NOW + i * H }, {}, [b]), policies, states, clock(NOW + i * H));
          states = r.states;
          expect(r.decisions[0]?.layer).toBe(3);
          for (const plan of r.plans) for (const x of plan.intents) expect(UP.has(x.kind)).toBe(true);
        });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
