/** One point of a price path: unix seconds and a price (quote per base, 18 decimals). */
export type PricePoint = { time: number; price: bigint };
