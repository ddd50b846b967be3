import { type Layer, type Policy, PPM, RSI_SCALE, Signal, type SignalName } from "../policy/Policy.ts";
import type { MarketSignals } from "../signals/MarketSignals.ts";
import { warmupBars } from "../signals/signalPeriods.ts";
import type { BookSnapshot } from "./BookSnapshot.ts";
import type { BookState } from "./BookState.ts";
import type { Clock } from "./Clock.ts";
import type { Decision, DecisionStatus } from "./Decision.ts";
import type { LayerIndex, Reason } from "./Reason.ts";
import { referenceScale, scaleBufferPpm } from "./referenceScale.ts";
import type { Snapshot } from "./Snapshot.ts";
import { unhedgedBufferPpm } from "./unhedgedBufferPpm.ts";

export type EvaluateOptions = {
  /** Build the full evidence on every call (default true). The backtester passes false: reasons are then
   *  built only when the layer changes or the book is skipped. */
  explain?: boolean;
  /** Maintenance ratio for the unhedged-equivalent buffer when it cannot be read off the book (no open
   *  exposure; default 62_500 ppm = 6.25 %) — see `unhedgedBufferPpm`. */
  maintenanceRatioPpm?: number | undefined;
  /** Computes the unhedged-equivalent buffer (default `unhedgedBufferPpm`). Only an exact equivalent may be
   *  given: the backtester passes one that reads its float amounts instead of converting bigints. */
  unhedgedBufferPpm?: ((book: BookSnapshot, maintenanceRatioPpm: number | undefined) => number) | undefined;
};

const NO_REASONS: readonly Reason[] = Object.freeze([]);

/** Signals of a market with no closed bar yet: nothing computable, so only margin-buffer triggers count. */
function noBars(market: string, time: number): MarketSignals {
  const n = Number.NaN;
  return {
    market,
    barTime: n,
    time,
    bars: 0,
    stable: false,
    close: n,
    prevClose: n,
    rsi: n,
    macd: n,
    macdSignal: n,
    macdHistogram: n,
    bullishDivergence: false,
    bearishDivergence: false,
    ema: n,
    aboveEma: false,
    belowEma: false,
    realisedVol: n,
    move: n,
    fundingRate: n,
    fundingZ: n,
    fundingTime: n,
  };
}
const LAYERS = [1, 2, 3] as const;

/** Adverse-oriented inputs of one evaluation (module scratch: the evaluation is synchronous and reentrant-free). */
const adv = { rsi: 0, macd: 0, funding: 0, breadth: 0, drawdown: 0, rv: 0, iv: 0 };

function orient(book: BookSnapshot, s: MarketSignals, snapshot: Snapshot): void {
  const long = book.side === "long";
  adv.rsi = long ? 100 - s.rsi : s.rsi;
  const hist = s.macdHistogram / s.close;
  adv.macd = long ? -hist : hist;
  adv.funding = Math.abs(s.fundingRate);
  adv.breadth = long ? snapshot.breadth.belowEma : snapshot.breadth.aboveEma;
  adv.drawdown = long ? -s.move : s.move;
  adv.rv = s.realisedVol;
  adv.iv = snapshot.impliedVol ?? Number.NaN;
}

/**
 * Does `layer` fire? Margin trigger: buffer ≤ marginBufferPpm × (1 + relax), that level under the book's
 * reference scale `s` (`scaleBufferPpm`; a 0 trigger is disabled).
 * Signals (only when warm, signalMask ≠ 0 and minSignals ≥ 1): ≥ minSignals enabled signals with
 * adverse value ≥ threshold × (1 − relax). NaN values never fire. Allocation-free.
 */
function fires(layer: Layer, buffer: number, relax: number, warm: boolean, s: number): boolean {
  if (layer.marginBufferPpm > 0 && buffer <= scaleBufferPpm(layer.marginBufferPpm * (1 + relax), s)) return true;
  const mask = layer.signalMask;
  const need = layer.minSignals;
  if (!warm || mask === 0 || need < 1) return false;
  const f = (1 - relax) / PPM;
  let n = 0;
  if (mask & (1 << Signal.RSI) && adv.rsi >= (layer.rsiLevel / RSI_SCALE) * (1 - relax)) n++;
  if (mask & (1 << Signal.MACD) && adv.macd >= layer.macdHistPpm * f) n++;
  if (mask & (1 << Signal.FUNDING) && adv.funding >= layer.fundingRatePpm * f) n++;
  if (mask & (1 << Signal.BREADTH) && adv.breadth >= layer.breadthPpm * f) n++;
  if (mask & (1 << Signal.DRAWDOWN) && adv.drawdown >= layer.drawdownSpeedPpm * f) n++;
  if (mask & (1 << Signal.REALISED_VOL) && adv.rv >= layer.realisedVolPpm * f) n++;
  if (mask & (1 << Signal.IMPLIED_VOL) && adv.iv >= layer.impliedVolPpm * f) n++;
  return n >= need;
}

const SIGNAL_INPUTS: readonly [SignalName, keyof typeof adv, keyof Layer][] = [
  ["RSI", "rsi", "rsiLevel"],
  ["MACD", "macd", "macdHistPpm"],
  ["FUNDING", "funding", "fundingRatePpm"],
  ["BREADTH", "breadth", "breadthPpm"],
  ["DRAWDOWN", "drawdown", "drawdownSpeedPpm"],
  ["REALISED_VOL", "rv", "realisedVolPpm"],
  ["IMPLIED_VOL", "iv", "impliedVolPpm"],
];

/** The evidence of one layer: its margin trigger and each enabled signal, with the thresholds used. */
function explainLayer(
  k: 1 | 2 | 3,
  layer: Layer,
  buffer: number,
  unhedged: number,
  relax: number,
  warm: boolean,
  s: number,
  out: Reason[],
): void {
  if (layer.marginBufferPpm > 0) {
    const trigger = scaleBufferPpm(layer.marginBufferPpm * (1 + relax), s);
    const threshold = trigger / PPM;
    const margin = (signal: "MARGIN_BUFFER" | "MARGIN_BUFFER_UNHEDGED", ppm: number): Reason => ({
      kind: "margin",
      layer: k,
      signal,
      value: ppm / PPM,
      threshold,
      op: "<=",
      fired: ppm <= trigger,
      relaxed: relax > 0,
      unit: "fraction",
    });
    out.push(margin("MARGIN_BUFFER", buffer));
    if (!Number.isNaN(unhedged)) out.push(margin("MARGIN_BUFFER_UNHEDGED", unhedged));
  }
  if (layer.signalMask === 0 || layer.minSignals < 1) return;
  for (const [name, input, field] of SIGNAL_INPUTS) {
    if (!(layer.signalMask & (1 << Signal[name]))) continue;
    const raw = layer[field] as number;
    const threshold = name === "RSI" ? (raw / RSI_SCALE) * (1 - relax) : (raw / PPM) * (1 - relax);
    const value = adv[input];
    out.push({
      kind: "signal",
      layer: k,
      signal: name,
      value,
      threshold,
      op: ">=",
      fired: warm && value >= threshold,
      relaxed: relax > 0,
      unit: name === "RSI" ? "rsi" : "fraction",
    });
  }
}

function layerOf(policy: Policy, k: 1 | 2 | 3): Layer {
  return policy.layers[k - 1] as Layer;
}

function decision(
  book: BookSnapshot,
  now: number,
  dataTime: number,
  status: DecisionStatus,
  layer: LayerIndex,
  previousLayer: LayerIndex,
  held: boolean,
  warm: boolean,
  reasons: readonly Reason[],
  referenceBufferPpm: number | undefined,
): Decision {
  return {
    bookId: book.bookId,
    side: book.side,
    market: book.market,
    time: now,
    dataTime,
    status,
    layer,
    previousLayer,
    held,
    escalating: layer > previousLayer,
    warm,
    marginBufferPpm: book.marginBufferPpm,
    policyVersion: book.policyVersion,
    policyHash: book.policyHash,
    reasons,
    referenceBufferPpm,
  };
}

/**
 * Decide a book's active layer (0..3) from the snapshot and its policy.
 *
 * - Paused books → status `paused`. Inputs older than `maxStaleness` (the older of the market's last bar
 *   close and the book's read time) → status `stale`, naming the age. A market with no closed bar yet (a
 *   fresh deployment, the first hour of a feed) is not stale while the book's own read is fresh: the margin
 *   buffer is current, so the book is evaluated as in warm-up (margin triggers only); with no read time at
 *   all (`dataTime` ≤ 0) it is stale as "no market data yet".
 * - A layer fires if ≥ `minSignals` of its enabled signals fire, or its margin-buffer trigger fires; the
 *   active layer is the highest firing layer. Signals are adverse-oriented, so long and short mirror.
 * - Margin triggers compare min(actual buffer, buffer if the hedge were unwound now — `unhedgedBufferPpm`):
 *   the layer measures the stress on the unprotected book, so a hedge that lifted the buffer does not end
 *   its own layer (no restore into a crash that is still running). Without a hedge both are the same.
 * - Hysteresis: layers at or below the previous layer are tested with relaxed thresholds (signals at
 *   threshold × (1 − h), margin trigger at trigger × (1 + h)), so leaving a layer needs its signals to
 *   clear their thresholds by the relative margin h and the buffer to exceed trigger × (1 + h).
 * - Reference scale (`settings.referenceBufferPpm` > 0): every margin trigger is read for the book's own entry
 *   leverage (`referenceScale`), from its reference buffer — the state's, else (first evaluation) the effective
 *   buffer now, which the decision carries for `runStrategy` to keep. A flat book (no position, nothing cut or
 *   offset) carries none: `runStrategy` drops the state's, so a reopened position anchors its own.
 * - Before warm-up only margin-buffer triggers count.
 * - Cooldown: within `cooldown` seconds of the last action, a decision that does not escalate gets status
 *   `cooldown` (no new plan); an escalation always acts.
 */
export function evaluateBook(
  snapshot: Snapshot,
  book: BookSnapshot,
  policy: Policy,
  previous: BookState | undefined,
  clock: Clock,
  opts?: EvaluateOptions,
): Decision {
  const now = clock.now();
  const prev: LayerIndex = previous?.layer ?? 0;
  const explain = opts?.explain ?? true;
  const settings = policy.settings;

  if (book.paused) {
    const r: Reason = {
      kind: "paused",
      layer: 0,
      signal: "PAUSED",
      value: 1,
      threshold: 1,
      op: "==",
      fired: true,
      relaxed: false,
      unit: "flag",
    };
    return decision(book, now, book.dataTime, "paused", prev, prev, false, false, [r], previous?.referenceBufferPpm);
  }

  const bars = snapshot.markets.get(book.market);
  const signals = bars ?? (book.dataTime > 0 ? noBars(book.market, book.dataTime) : undefined);
  const dataTime = signals === undefined ? Number.NaN : Math.min(signals.time, book.dataTime);
  const ageMs = signals === undefined ? Number.POSITIVE_INFINITY : now - dataTime;
  if (!(ageMs <= settings.maxStaleness * 1000)) {
    const r: Reason = {
      kind: "stale",
      layer: 0,
      signal: "DATA_AGE",
      value: ageMs / 1000,
      threshold: settings.maxStaleness,
      op: ">",
      fired: true,
      relaxed: false,
      unit: "seconds",
    };
    return decision(book, now, dataTime, "stale", prev, prev, false, false, [r], previous?.referenceBufferPpm);
  }
  const s = signals as MarketSignals;

  orient(book, s, snapshot);
  const warm = s.stable;
  const buffer = book.marginBufferPpm;
  // Margin triggers read the lower of the actual buffer and the buffer if the hedge were unwound now, so a
  // hedge that lifted the buffer does not by itself end the layer (NaN: no hedge → the actual buffer).
  const unhedged = (opts?.unhedgedBufferPpm ?? unhedgedBufferPpm)(book, opts?.maintenanceRatioPpm);
  const effective = Number.isNaN(unhedged) ? buffer : Math.min(unhedged, buffer);
  const h = settings.hysteresisPpm / PPM;
  // The book's reference buffer: kept from its first evaluation (the state's), else the effective buffer now.
  // A flat book (no position, nothing cut or offset) has no entry: it forgets its reference, and the position
  // it opens next anchors its own (a 3x book closed and reopened at 5x must not read the levels for 3x).
  const flat = book.positionNotional === 0n && book.hedge.reducedNotional === 0n && book.hedge.offsetNotional === 0n;
  const reference = flat
    ? undefined
    : (previous?.referenceBufferPpm ?? (Number.isNaN(effective) ? undefined : effective));
  const scale = referenceScale(settings.referenceBufferPpm, reference ?? Number.NaN);

  let layer: LayerIndex = 0;
  for (let k = 3; k >= 1; k--) {
    if (fires(layerOf(policy, k as 1 | 2 | 3), effective, k <= prev ? h : 0, warm, scale)) {
      layer = k as LayerIndex;
      break;
    }
  }
  const held = layer > 0 && layer <= prev && !fires(layerOf(policy, layer as 1 | 2 | 3), effective, 0, warm, scale);

  const sinceAction = previous?.lastActionAt === undefined ? Number.POSITIVE_INFINITY : now - previous.lastActionAt;
  const coolingDown = layer <= prev && sinceAction < settings.cooldown * 1000;
  const status: DecisionStatus = coolingDown ? "cooldown" : "act";

  let reasons = NO_REASONS;
  if (explain || layer !== prev) {
    const out: Reason[] = [];
    if (!warm) {
      out.push({
        kind: "warmup",
        layer: 0,
        signal: "WARMUP",
        value: s.bars,
        threshold: warmupBars(settings),
        op: "<",
        fired: true,
        relaxed: false,
        unit: "bars",
      });
    }
    if (coolingDown) {
      out.push({
        kind: "cooldown",
        layer: 0,
        signal: "COOLDOWN",
        value: sinceAction / 1000,
        threshold: settings.cooldown,
        op: "<",
        fired: true,
        relaxed: false,
        unit: "seconds",
      });
    }
    for (const k of LAYERS) explainLayer(k, layerOf(policy, k), buffer, unhedged, k <= prev ? h : 0, warm, scale, out);
    reasons = out;
  }
  return decision(book, now, dataTime, status, layer, prev, held, warm, reasons, reference);
}
