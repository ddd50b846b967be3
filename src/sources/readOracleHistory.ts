import type { Address, PublicClient } from "viem";
import { aggregatorV3Abi } from "./aggregatorAbi.ts";
import type { PriceSample } from "./BarBuilder.ts";
import { SourceError } from "./SourceError.ts";

export type OracleRound = { roundId: bigint; answer: bigint; updatedAt: number };

export type OracleHistoryOptions = {
  /** Stop after this many rounds back from the latest. */
  maxRounds: number;
  /** Stop at rounds updated before this time (unix seconds, as the oracle reports). */
  since?: number;
  /** Stop at this round id (exclusive): rounds already seen. */
  afterRound?: bigint;
  /** Rounds read per multicall batch. */
  batch?: number;
  /** Multicall3 address when the client's chain does not name one (local chains). */
  multicallAddress?: Address | undefined;
  /** Read at this block (default: latest). */
  blockNumber?: bigint | undefined;
};

/** Converts an aggregator answer to a float price in one place. */
export function answerToPrice(answer: bigint, decimals: number): number {
  return Number(answer) / 10 ** decimals;
}

/**
 * Reads a Chainlink-compatible aggregator's round history backwards from the latest round (getRoundData),
 * in multicall batches, and returns price samples oldest first. Works within one aggregator phase (round
 * ids decrement by one), which is what MockV3Aggregator and a single Chainlink phase provide.
 */
export async function readOracleHistory(
  client: PublicClient,
  aggregator: Address,
  options: OracleHistoryOptions,
): Promise<{ samples: PriceSample[]; rounds: OracleRound[]; decimals: number; latest: OracleRound }> {
  const batch = options.batch ?? 100;
  const at = options.blockNumber === undefined ? {} : { blockNumber: options.blockNumber };
  let decimals: number;
  let latestRound: readonly [bigint, bigint, bigint, bigint, bigint];
  try {
    [decimals, latestRound] = await Promise.all([
      client.readContract({ address: aggregator, abi: aggregatorV3Abi, functionName: "decimals", ...at }),
      client.readContract({ address: aggregator, abi: aggregatorV3Abi, functionName: "latestRoundData", ...at }),
    ]);
  } catch (cause) {
    throw new SourceError("Cannot read the oracle", { metaMessages: [`aggregator: ${aggregator}`], cause });
  }
  const latest: OracleRound = { roundId: latestRound[0], answer: latestRound[1], updatedAt: Number(latestRound[3]) };
  const rounds: OracleRound[] = [];
  let id = latest.roundId;
  let done = false;
  const floor = options.afterRound ?? 0n;
  while (!done && rounds.length < options.maxRounds && id > floor) {
    const ids: bigint[] = [];
    for (let k = 0; k < batch && id - BigInt(k) > floor && rounds.length + ids.length < options.maxRounds; k++)
      ids.push(id - BigInt(k));
    const results = await client.multicall({
      contracts: ids.map((r) => ({
        address: aggregator,
        abi: aggregatorV3Abi,
        functionName: "getRoundData" as const,
        args: [r] as const,
      })),
      allowFailure: true,
      ...at,
      ...(options.multicallAddress ? { multicallAddress: options.multicallAddress } : {}),
    });
    for (const res of results) {
      if (res.status !== "success") {
        done = true;
        break;
      }
      const [roundId, answer, , updatedAt] = res.result;
      if (updatedAt === 0n || (options.since !== undefined && Number(updatedAt) < options.since)) {
        done = true;
        break;
      }
      rounds.push({ roundId, answer, updatedAt: Number(updatedAt) });
    }
    id -= BigInt(ids.length);
  }
  rounds.reverse();
  const samples = rounds.map((r) => ({ t: r.updatedAt * 1000, price: answerToPrice(r.answer, decimals) }));
  return { samples, rounds, decimals, latest };
}
