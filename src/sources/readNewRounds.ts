import type { Address, PublicClient } from "viem";
import { readAtBlock } from "../collectors/readAtBlock.ts";
import { aggregatorV3Abi } from "./aggregatorAbi.ts";
import type { PriceSample } from "./BarBuilder.ts";
import { answerToPrice, type OracleRound, readOracleHistory } from "./readOracleHistory.ts";
import { SourceError } from "./SourceError.ts";

/** Rounds after the last consumed one (oldest first), as prices. */
export type NewRounds = { rounds: OracleRound[]; samples: PriceSample[] };

/** Rounds read ahead of the last consumed one in the same request (an oracle rarely publishes more per tick). */
const LOOKAHEAD = 3;

/**
 * The aggregator's rounds published after `afterRound`, at `blockNumber`, in one Multicall3 read: `decimals`,
 * `latestRoundData` and the next few rounds by id. Only when more rounds than that appeared (or nothing was
 * consumed yet) is the history read further back (`readOracleHistory`), at the same block. Rounds must
 * increase by one within the phase (MockV3Aggregator, one Chainlink phase).
 */
export async function readNewRounds(
  client: PublicClient,
  aggregator: Address,
  o: { afterRound: bigint; blockNumber: bigint; maxRounds: number; multicall3?: Address | undefined },
): Promise<NewRounds> {
  const ahead = o.afterRound > 0n ? Array.from({ length: LOOKAHEAD }, (_, k) => o.afterRound + BigInt(k + 1)) : [];
  const base = { address: aggregator, abi: aggregatorV3Abi } as const;
  const results = await readAtBlock(
    client,
    [
      { ...base, functionName: "decimals" },
      { ...base, functionName: "latestRoundData" },
      ...ahead.map((id) => ({ ...base, functionName: "getRoundData" as const, args: [id] as const })),
    ],
    o.blockNumber,
    o.multicall3,
  );
  const [dec, latestRes] = results;
  if (!dec?.ok || !latestRes?.ok)
    throw new SourceError("Cannot read the oracle", {
      metaMessages: [`aggregator: ${aggregator}`, `block: ${o.blockNumber}`],
      cause: (dec && !dec.ok ? dec.error : latestRes && !latestRes.ok ? latestRes.error : undefined) ?? undefined,
    });
  const decimals = Number(dec.result);
  const latestId = (latestRes.result as readonly bigint[])[0] as bigint;
  if (latestId <= o.afterRound) return { rounds: [], samples: [] };
  if (o.afterRound === 0n || latestId > o.afterRound + BigInt(ahead.length)) {
    const h = await readOracleHistory(client, aggregator, {
      maxRounds: o.maxRounds,
      afterRound: o.afterRound,
      blockNumber: o.blockNumber,
      multicallAddress: o.multicall3,
    });
    return { rounds: h.rounds, samples: h.samples };
  }
  const rounds: OracleRound[] = [];
  for (const [k, id] of ahead.entries()) {
    const r = results[2 + k];
    if (id > latestId || !r?.ok) break;
    const [roundId, answer, , updatedAt] = r.result as readonly [bigint, bigint, bigint, bigint, bigint];
    if (updatedAt === 0n) break;
    rounds.push({ roundId, answer, updatedAt: Number(updatedAt) });
  }
  return { rounds, samples: rounds.map((r) => ({ t: r.updatedAt * 1000, price: answerToPrice(r.answer, decimals) })) };
}
