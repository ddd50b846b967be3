import { Action, type Layer, type Policy, PPM } from "../policy/Policy.ts";
import type { BookSnapshot } from "../strategy/BookSnapshot.ts";
import type { Decision } from "../strategy/Decision.ts";
import type { LayerIndex } from "../strategy/Reason.ts";
import { scaleBufferPpm } from "../strategy/referenceScale.ts";
import { bigMax, bigMin } from "./bigMin.ts";
import type { HedgeIntent } from "./HedgeIntent.ts";
import type { HedgeState } from "./HedgeState.ts";

export type PlanOptions = {
  /** Market for a new offsetting position (default: the state's hedge market, else the book's market). */
  hedgeMarket?: string | undefined;
  /** Smallest trade worth planning, as a share of the position's original notional (margin: of the account
   *  value). Default 10_000 ppm = 1 %. */
  minDeltaPpm?: number | undefined;
  /** Maintenance ratio assumed when it cannot be read off the book (no open exposure). Default 62_500 ppm
   *  (Perp v2's 6.25 %). */
  maintenanceRatioPpm?: number | undefined;
  /** The book's reference scale (`referenceScale`, from `settings.referenceBufferPpm`; default 1 = as written):
   *  every buffer level the layers define — triggers, triggers × (1 + h), repay targets — is read as
   *  `scaleBufferPpm(level, s)`, the same levels the decision was evaluated with. */
  referenceScale?: number | undefined;
};

export const DEFAULT_MIN_DELTA_PPM = 10_000;
export const DEFAULT_MAINTENANCE_RATIO_PPM = 62_500;

const P = BigInt(PPM);
const DEFAULT_MIN_DELTA = BigInt(DEFAULT_MIN_DELTA_PPM);
const has = (layer: Layer | undefined, a: number) => layer !== undefined && (layer.actionMask & (1 << a)) !== 0;
const ceilDiv = (a: bigint, b: bigint) => (a <= 0n ? 0n : (a + b - 1n) / b);
const withH = (ppm: number, h: bigint) => (BigInt(ppm) * (P + h)) / P;
/** A layer's buffer level (trigger × (1 + h)) for the book's reference scale `s`. */
const level = (ppm: number, h: bigint, s: number) => {
  const v = withH(ppm, h);
  return s === 1 ? v : BigInt(scaleBufferPpm(Number(v), s));
};

/** Buffer (ppm) the margin added in layer L aims for: the less severe layer's trigger (L1: its own trigger × (1 + h)). */
function marginTarget(policy: Policy, L: 1 | 2 | 3, h: bigint, s: number): bigint {
  const own = level((policy.layers[L - 1] as Layer).marginBufferPpm, h, s);
  if (L === 1) return own;
  const above = level((policy.layers[L - 2] as Layer).marginBufferPpm, 0n, s);
  return bigMax(above, own);
}

/** Buffer (ppm) de-escalation must leave so no more severe layer's margin trigger re-fires: max trigger × (1 + h) above L. */
function safeBuffer(policy: Policy, L: LayerIndex, h: bigint, s: number): bigint {
  let b = 0n;
  for (let k = Math.min(L + 1, 3); k <= 3; k++) {
    const t = level((policy.layers[k - 1] as Layer).marginBufferPpm, h, s);
    if (t > b) b = t;
  }
  return b;
}

/** Lowest buffer an unwind may leave in layer L: `safeBuffer`, and where L adds margin, its margin target too
 *  (so an unwind is never followed by a margin top-up for the buffer it just spent). */
function bufferFloor(policy: Policy, L: LayerIndex, h: bigint, s: number): bigint {
  const safe = safeBuffer(policy, L, h, s);
  if (L === 0 || !has(policy.layers[L - 1], Action.ADD_MARGIN)) return safe;
  const t = marginTarget(policy, L, h, s);
  return bigMax(t, safe);
}

/**
 * Repay-to-buffer (layer.targetBufferPpm > 0): the hedged notional after cutting just enough exposure that the
 * buffer is back at the target — on entering the layer (or dropping into it) and whenever the buffer is at or
 * below the layer's own trigger; otherwise the hedge in place (no churn while the buffer drifts between the
 * trigger and the target). Exposure e keeps buffer ≥ B when e·mr ≤ AV·(1 − B).
 */
function repayTarget(
  decision: Decision,
  book: BookSnapshot,
  layer: Layer,
  hedged: bigint,
  exposure: bigint,
  mrNum: bigint,
  mrDen: bigint,
  s: number,
): bigint {
  const entering = decision.layer !== decision.previousLayer;
  if (!entering && BigInt(book.marginBufferPpm) > level(layer.marginBufferPpm, 0n, s)) return hedged;
  if (mrNum <= 0n) return hedged;
  const keep = (book.accountValue * (P - level(layer.targetBufferPpm, 0n, s)) * mrDen) / (P * mrNum);
  const next = hedged + exposure - bigMax(keep, 0n);
  return next > 0n ? next : 0n;
}

/**
 * Hedge intents that move the book from its current hedge `state` toward the decision's layer.
 *
 * - Target hedged notional = layer.hedgeRatioPpm (≤ 100 %) × original notional (position + reduced), capped
 *   by layer.maxHedgeNotional; layer 0 targets 0. With layer.targetBufferPpm > 0 the target is what restores
 *   that buffer (`repayTarget`), under the same caps.
 * - Escalation (target above hedged): REDUCE first (never through zero), then OFFSET_HEDGE on the hedge
 *   market, each only if the layer's actionMask allows it.
 * - ADD_MARGIN (allowed, layer not dropping, no unwind in the plan): adds what brings the buffer (after the
 *   planned trades) up to the less severe layer's trigger (L1: own trigger × (1 + h)), at most maxAddMargin.
 *   It comes first.
 * - De-escalation (target below hedged, only when the layer dropped or is 0 — at a constant or rising layer a
 *   target below the hedge only reflects the position's notional drifting with the price, never a reason to
 *   re-add exposure): closeHedge first, then restore — restore limited so the buffer
 *   stays ≥ the next more severe layer's trigger × (1 + h) (and ≥ the layer's margin target if it adds
 *   margin). Added margin is withdrawn (removeMargin, last) only back at layer 0, limited the same way.
 *   Unwinding kinds are not gated by actionMask (they only undo earlier actions).
 * - No intent below the minimum (minDeltaPpm of original notional; margin: of account value); never an
 *   amount ≤ 0. Skipped decisions (status ≠ act) plan nothing.
 */
export function planHedge(
  decision: Decision,
  book: BookSnapshot,
  policy: Policy,
  state: HedgeState,
  opts: PlanOptions = {},
): HedgeIntent[] {
  if (decision.status !== "act") return [];
  const L = decision.layer;
  const h = BigInt(policy.settings.hysteresisPpm);
  const s = opts.referenceScale ?? 1;
  const pos = book.positionNotional < 0n ? -book.positionNotional : book.positionNotional;
  const { reducedNotional: reduced, offsetNotional: offset, addedMargin: added } = state;
  const original = pos + reduced;
  const hedged = reduced + offset;
  const layer = L === 0 ? undefined : (policy.layers[L - 1] as Layer);
  const minDelta = opts.minDeltaPpm === undefined ? DEFAULT_MIN_DELTA : BigInt(opts.minDeltaPpm);
  const minTrade = bigMax((original * minDelta) / P, 1n);
  const av = book.accountValue;
  const minMargin = bigMax((av * minDelta) / P, 1n);
  const hedgeMarket = opts.hedgeMarket ?? state.hedgeMarket ?? book.market;

  // Maintenance requirement per unit of exposure (position + offset), read off the book when possible.
  const exposure = pos + offset;
  const fromBook = exposure > 0n && book.maintenanceRequirement > 0n;
  const mrNum = fromBook
    ? book.maintenanceRequirement
    : BigInt(opts.maintenanceRatioPpm ?? DEFAULT_MAINTENANCE_RATIO_PPM);
  const mrDen = fromBook ? exposure : P;
  const mrAfter = (p: bigint, o: bigint) => ceilDiv((p + o) * mrNum, mrDen);

  let target = 0n;
  if (layer !== undefined) {
    const ratio = BigInt(Math.min(Math.max(layer.hedgeRatioPpm, 0), PPM));
    target = bigMin((original * ratio) / P, layer.maxHedgeNotional);
    if (layer.targetBufferPpm > 0)
      target = bigMin(repayTarget(decision, book, layer, hedged, exposure, mrNum, mrDen, s), target);
  }

  const intents: HedgeIntent[] = [];
  let posAfter = pos;
  let offsetAfter = offset;
  const delta = target - hedged;
  if (delta >= minTrade && layer !== undefined) {
    let rest = delta;
    if (has(layer, Action.REDUCE)) {
      const r = bigMin(rest, pos);
      if (r >= minTrade) {
        intents.push({ kind: "reduce", market: book.market, notional: r });
        posAfter -= r;
        rest -= r;
      }
    }
    if (has(layer, Action.OFFSET_HEDGE) && rest >= minTrade) {
      intents.push({ kind: "openHedge", market: hedgeMarket, notional: rest });
      offsetAfter += rest;
    }
  } else if (-delta >= minTrade && (L === 0 || L < decision.previousLayer)) {
    let rest = -delta;
    const c = bigMin(rest, offset);
    if (c >= minTrade) {
      intents.push({ kind: "closeHedge", market: state.hedgeMarket ?? hedgeMarket, notional: c });
      offsetAfter -= c;
      rest -= c;
    }
    const floor = bufferFloor(policy, L, h, s);
    if (floor < P && rest > 0n) {
      // (posAfter + r + offsetAfter)·mr ≤ AV·(1 − floor)
      const cap = mrNum > 0n ? (av * (P - floor) * mrDen) / (P * mrNum) - posAfter - offsetAfter : rest;
      const r = bigMin(bigMin(rest, reduced), cap);
      if (r >= minTrade) {
        intents.push({ kind: "restore", market: book.market, notional: r });
        posAfter += r;
      }
    }
  }
  const unwinding = intents.some((i) => i.kind === "restore" || i.kind === "closeHedge");

  if (layer !== undefined && has(layer, Action.ADD_MARGIN) && L >= decision.previousLayer && !unwinding) {
    const b = marginTarget(policy, L as 1 | 2 | 3, h, s);
    if (b > 0n && b < P) {
      const need = ceilDiv(mrAfter(posAfter, offsetAfter) * P, P - b) - av;
      const x = bigMin(need, layer.maxAddMargin);
      if (x >= minMargin) intents.unshift({ kind: "addMargin", amount: x });
    }
  } else if (L === 0 && added > 0n) {
    const floor = bufferFloor(policy, 0, h, s);
    if (floor < P) {
      const x = bigMin(added, av - ceilDiv(mrAfter(posAfter, offsetAfter) * P, P - floor));
      if (x >= minMargin) intents.push({ kind: "removeMargin", amount: x });
    }
  }
  return intents;
}
