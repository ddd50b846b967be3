import type { Address, PublicClient } from "viem";
import { z } from "zod";
import type { Venue } from "../Venue.ts";
import { PerpV2Venue } from "./PerpV2Venue.ts";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

/** One market of a deployment's `perp` section. */
export const perpMarketSchema = z.object({
  symbol: z.string(),
  baseToken: address,
  pool: address,
  aggregator: address,
  priceFeed: address,
  chainlinkPriceFeed: address,
});

/** What the Perp v2 adapter needs from a deployment's `perp` section (addresses and markets; nothing devnet). */
const perpVenueSchema = z.object({
  clearingHouse: address,
  clearingHouseConfig: address,
  accountBalance: address,
  exchange: address,
  vault: address,
  settlementToken: address,
  markets: z.array(perpMarketSchema).min(1),
});

/** A venue as the keeper needs it: its markets (with the oracle each feed reads) and the adapter itself. */
export type KeeperVenue = {
  kind: "perp-v2";
  markets: readonly { id: Address; symbol: string; oracle: Address }[];
  connect(publicClient: PublicClient, multicall3: Address): Venue;
};

/** Parses the `perp` section of a deployment file; the error names what is missing. */
export function readPerpVenue(section: unknown): KeeperVenue | { error: string } {
  const r = perpVenueSchema.safeParse(section);
  if (!r.success) return { error: z.prettifyError(r.error) };
  const perp = {
    ...r.data,
    clearingHouse: r.data.clearingHouse as Address,
    clearingHouseConfig: r.data.clearingHouseConfig as Address,
    accountBalance: r.data.accountBalance as Address,
    exchange: r.data.exchange as Address,
    vault: r.data.vault as Address,
    settlementToken: r.data.settlementToken as Address,
    markets: r.data.markets.map((m) => ({
      symbol: m.symbol,
      baseToken: m.baseToken as Address,
      pool: m.pool as Address,
      aggregator: m.aggregator as Address,
      priceFeed: m.priceFeed as Address,
      chainlinkPriceFeed: m.chainlinkPriceFeed as Address,
    })),
  };
  return {
    kind: "perp-v2",
    markets: perp.markets.map((m) => ({ id: m.baseToken, symbol: m.symbol, oracle: m.aggregator })),
    connect: (publicClient, multicall3) => new PerpV2Venue({ publicClient, perp, multicall3 }),
  };
}
