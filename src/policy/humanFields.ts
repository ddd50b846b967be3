import { Action, type ActionName, type BookSettings, type Layer, Signal, type SignalName } from "./Policy.ts";
import { formatAmount, formatDuration, formatPercent, formatRsi } from "./units.ts";

/** How a field is written in the human policy format. */
export type HumanUnit = "percent" | "rsi" | "duration" | "amount" | "int" | "signals" | "actions";

/** Human-format key, policy field and unit of every layer field, in on-chain order. */
export const HUMAN_LAYER_FIELDS = [
  { key: "signals", field: "signalMask", unit: "signals" },
  { key: "minSignals", field: "minSignals", unit: "int" },
  { key: "rsiLevel", field: "rsiLevel", unit: "rsi" },
  { key: "macdHist", field: "macdHistPpm", unit: "percent" },
  { key: "fundingRate", field: "fundingRatePpm", unit: "percent" },
  { key: "breadth", field: "breadthPpm", unit: "percent" },
  { key: "drawdownSpeed", field: "drawdownSpeedPpm", unit: "percent" },
  { key: "realisedVol", field: "realisedVolPpm", unit: "percent" },
  { key: "impliedVol", field: "impliedVolPpm", unit: "percent" },
  { key: "marginBuffer", field: "marginBufferPpm", unit: "percent" },
  { key: "hedgeRatio", field: "hedgeRatioPpm", unit: "percent" },
  { key: "actions", field: "actionMask", unit: "actions" },
  { key: "maxHedgeNotional", field: "maxHedgeNotional", unit: "amount" },
  { key: "maxAddMargin", field: "maxAddMargin", unit: "amount" },
  { key: "targetBuffer", field: "targetBufferPpm", unit: "percent" },
] as const satisfies readonly { key: string; field: keyof Layer; unit: HumanUnit }[];

/** Human-format key, policy field and unit of every book setting, in on-chain order. */
export const HUMAN_SETTINGS_FIELDS = [
  { key: "rsiPeriod", field: "rsiPeriod", unit: "int" },
  { key: "macdFast", field: "macdFast", unit: "int" },
  { key: "macdSlow", field: "macdSlow", unit: "int" },
  { key: "macdSignal", field: "macdSignal", unit: "int" },
  { key: "emaPeriod", field: "emaPeriod", unit: "int" },
  { key: "volWindowBars", field: "volWindowBars", unit: "int" },
  { key: "drawdownWindowBars", field: "drawdownWindowBars", unit: "int" },
  { key: "fundingWindow", field: "fundingWindow", unit: "int" },
  { key: "barInterval", field: "barInterval", unit: "duration" },
  { key: "cooldown", field: "cooldown", unit: "duration" },
  { key: "hysteresis", field: "hysteresisPpm", unit: "percent" },
  { key: "maxStaleness", field: "maxStaleness", unit: "duration" },
  { key: "maxSlippage", field: "maxSlippagePpm", unit: "percent" },
  { key: "referenceBuffer", field: "referenceBufferPpm", unit: "percent" },
] as const satisfies readonly { key: string; field: keyof BookSettings; unit: HumanUnit }[];

/** Mask → names in bit order; bits without a name print as `bit<N>`. */
export function maskToNames<N extends string>(mask: number, names: Record<N, number>): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 16; bit++) {
    if ((mask & (1 << bit)) === 0) continue;
    const name = (Object.keys(names) as N[]).find((n) => names[n] === bit);
    out.push(name ?? `bit${bit}`);
  }
  return out;
}

export const signalNames = (mask: number): SignalName[] => maskToNames(mask, Signal) as SignalName[];
export const actionNames = (mask: number): ActionName[] => maskToNames(mask, Action) as ActionName[];

/** The human-format value of one field (what the policy file holds). */
export function toHumanValue(unit: HumanUnit, value: number | bigint): string | number | string[] {
  switch (unit) {
    case "percent":
      return formatPercent(Number(value));
    case "rsi":
      return formatRsi(Number(value));
    case "duration":
      return formatDuration(Number(value));
    case "amount":
      return formatAmount(BigInt(value));
    case "int":
      return Number(value);
    case "signals":
      return signalNames(Number(value));
    case "actions":
      return actionNames(Number(value));
  }
}

/** One field as display text ("35%", "[RSI, MACD]", "1h"). */
export function formatHumanValue(unit: HumanUnit, value: number | bigint): string {
  const v = toHumanValue(unit, value);
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.join(", ");
  return String(v);
}
