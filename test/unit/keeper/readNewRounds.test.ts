import type { Address, PublicClient } from "viem";
import { describe, expect, it } from "vitest";
import { readNewRounds } from "../../../src/sources/readNewRounds.ts";

const AGG = "0x00000000000000000000000000000000000000a9" as Address;

/** A Chainlink-like aggregator with rounds 1…latest (price 100 + id, updated at 1000 × id), counting reads. */
function aggregator(latest: bigint) {
  const reads: string[] = [];
  const round = (id: bigint) =>
    id >= 1n && id <= latest ? [id, (100n + id) * 10n ** 8n, 0n, 1000n * id, id] : [0n, 0n, 0n, 0n, 0n];
  const answer = (c: { functionName: string; args?: readonly unknown[] }) =>
    c.functionName === "decimals"
      ? 8
      : c.functionName === "latestRoundData"
        ? round(latest)
        : round(c.args?.[0] as bigint);
  const client = {
    multicall: async (p: {
      contracts: { functionName: string; args?: readonly unknown[] }[];
      blockNumber?: bigint;
    }) => {
      reads.push(`multicall@${p.blockNumber}:${p.contracts.length}`);
      return p.contracts.map((c) => ({ status: "success", result: answer(c) }));
    },
    readContract: async (c: { functionName: string; blockNumber?: bigint }) => {
      reads.push(`${c.functionName}@${c.blockNumber}`);
      return answer(c);
    },
  } as unknown as PublicClient;
  return { client, reads };
}

describe("readNewRounds", () => {
  it("nothing new: one multicall at the block (decimals, latest, the next rounds)", async () => {
    const a = aggregator(7n);
    const r = await readNewRounds(a.client, AGG, { afterRound: 7n, blockNumber: 50n, maxRounds: 500 });
    expect(r.rounds).toEqual([]);
    expect(a.reads).toEqual(["multicall@50:5"]);
  });

  it("up to three new rounds come in the same multicall, as prices, oldest first", async () => {
    const a = aggregator(9n);
    const r = await readNewRounds(a.client, AGG, { afterRound: 7n, blockNumber: 50n, maxRounds: 500 });
    expect(r.rounds.map((x) => x.roundId)).toEqual([8n, 9n]);
    expect(r.samples).toEqual([
      { t: 8_000_000, price: 108 },
      { t: 9_000_000, price: 109 },
    ]);
    expect(a.reads).toEqual(["multicall@50:5"]);
  });

  it("more than that: the history after the last consumed round is read at the same block", async () => {
    const a = aggregator(12n);
    const r = await readNewRounds(a.client, AGG, { afterRound: 7n, blockNumber: 50n, maxRounds: 500 });
    expect(r.rounds.map((x) => x.roundId)).toEqual([8n, 9n, 10n, 11n, 12n]);
    expect(a.reads).toEqual(["multicall@50:5", "decimals@50", "latestRoundData@50", "multicall@50:5"]);
  });
});
