import type { PricePoint } from "./PricePoint.ts";
import { ScenarioError } from "./ScenarioError.ts";

const SCALE = 1_000_000_000n;

/** Multiplies every price by `factor` (9 decimal places of precision). */
export function scalePath(path: readonly PricePoint[], factor: number): PricePoint[] {
  if (!(factor > 0) || !Number.isFinite(factor)) {
    throw new ScenarioError("Scale factor must be positive.", { metaMessages: [`scale: ${factor}`] });
  }
  const f = BigInt(Math.round(factor * 1e9));
  return path.map((p) => ({ time: p.time, price: (p.price * f) / SCALE }));
}

/** Rebases the path so its first price equals `startPrice`, keeping every relative move. */
export function rebasePath(path: readonly PricePoint[], startPrice: bigint): PricePoint[] {
  const first = path[0]?.price;
  if (!first || first <= 0n) throw new ScenarioError("Cannot rebase an empty path.");
  return path.map((p) => ({ time: p.time, price: (p.price * startPrice) / first }));
}
