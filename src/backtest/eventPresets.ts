/** A historical liquidation cascade to replay: which files, which window (bar open times, UTC). */
export type EventPreset = {
  id: string;
  market: "ETH" | "BTC";
  description: string;
  prices: string;
  funding: string;
  from: string;
  to: string;
};

const ETH = { market: "ETH", prices: "eth_perp_1h_2020-2023.csv", funding: "eth_funding_8h_2020-2023.csv" } as const;
const BTC = {
  market: "BTC",
  prices: "btc_perp_1h_event_windows_2020-2022.csv",
  funding: "btc_funding_8h_2020-2023.csv",
} as const;

/**
 * The four cascades in the shared data, each window opening a day or two before the cascade's main day. ETH runs on the continuous perp series (warm-up from the bars before
 * `from`). The BTC perp file only holds the event windows, so BTC runs start 48 h into each window and warm
 * their indicators on those first 48 h (never across the gap to the previous window).
 */
export const EVENT_PRESETS: readonly EventPreset[] = [
  { id: "2020-03-12", ...ETH, description: "Black Thursday", from: "2020-03-11T00:00:00Z", to: "2020-03-20T00:00:00Z" },
  { id: "2021-05-19", ...ETH, description: "May 2021 crash", from: "2021-05-17T00:00:00Z", to: "2021-05-26T00:00:00Z" },
  { id: "2022-06", ...ETH, description: "3AC / Celsius", from: "2022-06-12T00:00:00Z", to: "2022-06-22T00:00:00Z" },
  { id: "2022-11", ...ETH, description: "FTX collapse", from: "2022-11-07T00:00:00Z", to: "2022-11-16T00:00:00Z" },
  { id: "2020-03-12", ...BTC, description: "Black Thursday", from: "2020-03-10T20:00:00Z", to: "2020-03-17T01:00:00Z" },
  { id: "2021-05-19", ...BTC, description: "May 2021 crash", from: "2021-05-17T10:00:00Z", to: "2021-05-23T01:00:00Z" },
  { id: "2022-06", ...BTC, description: "3AC / Celsius", from: "2022-06-13T07:00:00Z", to: "2022-06-18T22:00:00Z" },
  { id: "2022-11", ...BTC, description: "FTX collapse", from: "2022-11-08T09:00:00Z", to: "2022-11-14T01:00:00Z" },
];
