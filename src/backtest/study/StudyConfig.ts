import type { Policy } from "../../policy/Policy.ts";

/** One market of a study: a price file and its funding file (the shared data folder's layout). */
export type StudyAsset = {
  name: string;
  prices: string;
  funding: string;
  /** Shown with the results (e.g. why a spot series stands in for a perp one). */
  note?: string;
};

/** An ALVH policy under study; `name` is its key in the results ("alvh" for the one policy of a study). */
export type StudyPolicy = { name: string; policy: Policy };

/** The baselines every window also runs (see `baselines`). */
export type StudyBaselines = {
  staticRatio: number;
  stopK: number;
  deleverageTrigger: number;
  deleverageTarget: number;
};

/** Everything a study runs: the grid (assets × windows × sides × leverages × approval delays) and the strategies. */
export type StudyConfig = {
  assets: readonly StudyAsset[];
  /** First window start (default: the earliest time any asset has prices and funding) and the range end. */
  fromMs?: number;
  toMs?: number;
  windowMs: number;
  stepMs: number;
  sides: readonly ("long" | "short")[];
  leverages: readonly number[];
  approvalDelaysMs: readonly number[];
  collateral: number;
  reserve: number;
  /** Whether the emergency Layer-3 path executes at the next open (instead of waiting for the signers). */
  l3Immediate: boolean;
  /** Bars before each window that only feed indicators; a window without them is skipped (never run cold). */
  warmupBars: number;
  /** Baselines to run beside the policies; null runs the policies only. */
  baselines: StudyBaselines | null;
  policies: readonly StudyPolicy[];
};

export const DAY_MS = 86_400_000;

/** The study grid: 30-day windows stepped 15 days, long and short, 5x, 60-minute approval delay. */
export const DEFAULT_STUDY = {
  windowMs: 30 * DAY_MS,
  stepMs: 15 * DAY_MS,
  sides: ["long", "short"],
  leverages: [5],
  approvalDelaysMs: [60 * 60_000],
  collateral: 10_000,
  reserve: 0,
  l3Immediate: true,
  warmupBars: 200,
  baselines: { staticRatio: 0.5, stopK: 2, deleverageTrigger: 0.5, deleverageTarget: 0.7 },
} as const satisfies Partial<StudyConfig>;

/**
 * The shared data folder's assets: ETH on the continuous perp series; BTC on the hourly spot series, because
 * the BTC perp file holds only the four event windows (funding is the perp's in both cases).
 */
export const DEFAULT_ASSETS: readonly StudyAsset[] = [
  { name: "eth", prices: "eth_perp_1h_2020-2023.csv", funding: "eth_funding_8h_2020-2023.csv" },
  {
    name: "btc",
    prices: "btc_spot_1h_2019-2023.csv",
    funding: "btc_funding_8h_2020-2023.csv",
    note: "BTC runs on the hourly spot series (the BTC perp file holds only the four event windows), with perp funding",
  },
];
