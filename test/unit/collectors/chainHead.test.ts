import type { PublicClient } from "viem";
import { describe, expect, it } from "vitest";
import { viemChainCollector } from "../../../src/collectors/ChainCollector.ts";

/** A client whose "latest" block answers come from `answers` in order (a load balancer with a lagging node). */
function client(answers: readonly bigint[]): PublicClient {
  let i = 0;
  return {
    getBlock: async () => {
      const n = answers[i++ % answers.length] as bigint;
      return { number: n, timestamp: 1_700_000_000n + n * 12n };
    },
  } as unknown as PublicClient;
}

describe("viemChainCollector.head", () => {
  it("keeps the newer of the two answers, with that block's timestamp", async () => {
    expect(await viemChainCollector(client([97n, 100n])).head()).toEqual({ number: 100n, timestamp: 1_700_001_200 });
    expect(await viemChainCollector(client([100n, 97n])).head()).toEqual({ number: 100n, timestamp: 1_700_001_200 });
    expect(await viemChainCollector(client([42n])).head()).toEqual({ number: 42n, timestamp: 1_700_000_504 });
  });
});
