import type { Address, PublicClient } from "viem";
import type { PerpDeployment } from "../../deploy/deployPerp.ts";
import type { HedgeIntent } from "../../planner/HedgeIntent.ts";
import type { EncodeOptions, SafeCall, Venue, VenueMarket, VenueSnapshot } from "../Venue.ts";
import { VenueError } from "../VenueError.ts";
import { DEFAULT_DEADLINE, encodePerpIntents } from "./encodePerpIntents.ts";
import { readPerpAccounts } from "./readPerpAccounts.ts";

export type PerpV2VenueConfig = {
  publicClient: Pick<PublicClient, "multicall">;
  /** The Perp v2 deployment (addresses and markets). */
  perp: Pick<
    PerpDeployment,
    "clearingHouse" | "clearingHouseConfig" | "accountBalance" | "exchange" | "vault" | "settlementToken" | "markets"
  >;
  /** Multicall3 (aggregate3) address. */
  multicall3: Address;
  /** Symbols to track (default: every market of the deployment). */
  markets?: readonly string[];
  /**
   * Accounts per aggregate3 eth_call (default 25: ≈ 30 M gas for accounts in 2 markets, under the usual
   * 50–60 M eth_call gas cap). 50 accounts = 2 requests.
   */
  accountsPerRequest?: number;
  /** Default slippage for trades (ppm, default 10_000 = 1 %). */
  slippagePpm?: number;
};

/** The Perpetual Protocol v2 (Curie) venue adapter: batched reads through Multicall3, intents → Safe calls. */
export class PerpV2Venue implements Venue {
  readonly name = "perp-v2";
  readonly quoteDecimals = 18;
  readonly markets: readonly VenueMarket[];
  readonly #config: PerpV2VenueConfig;

  constructor(config: PerpV2VenueConfig) {
    this.#config = config;
    const wanted = config.markets?.map((s) => s.toLowerCase());
    this.markets = config.perp.markets
      .filter((m) => !wanted || wanted.includes(m.symbol.toLowerCase()))
      .map((m) => ({ id: m.baseToken, symbol: m.symbol }));
    if (this.markets.length === 0) {
      throw new VenueError("No Perp v2 market selected.", { metaMessages: [`wanted: ${config.markets?.join(", ")}`] });
    }
  }

  /** Looks a tracked market up by symbol or base token address. */
  market(symbolOrId: string): VenueMarket {
    const key = symbolOrId.toLowerCase();
    const m = this.markets.find((x) => x.symbol.toLowerCase() === key || x.id.toLowerCase() === key);
    if (!m) throw new VenueError("Unknown market.", { metaMessages: [`market: ${symbolOrId}`] });
    return m;
  }

  read(accounts: readonly Address[], options: { blockNumber?: bigint | undefined } = {}): Promise<VenueSnapshot> {
    const { perp, multicall3, publicClient } = this.#config;
    return readPerpAccounts(
      publicClient,
      { ...perp, multicall3 },
      this.markets,
      accounts,
      this.#config.accountsPerRequest ?? 25,
      options.blockNumber,
    );
  }

  async encodeIntents(
    account: Address,
    intents: readonly HedgeIntent[],
    options: EncodeOptions = {},
  ): Promise<SafeCall[]> {
    const snapshot = options.snapshot ?? (await this.read([account]));
    const { perp } = this.#config;
    return encodePerpIntents(
      {
        clearingHouse: perp.clearingHouse,
        vault: perp.vault,
        settlementToken: perp.settlementToken,
        account,
        snapshot,
        bookSide: options.bookSide,
        slippagePpm: BigInt(options.slippagePpm ?? this.#config.slippagePpm ?? 10_000),
        deadline: options.deadline ?? DEFAULT_DEADLINE,
      },
      intents,
    );
  }
}
