import { createPublicClient, type PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/faults/seededRandom.ts";
import { type FaultProxy, startFaultProxy } from "../../../src/faults/startFaultProxy.ts";
import { backoffDelay } from "../../../src/rpc/backoffDelay.ts";
import { createRpcTransport, type RpcTransportOptions } from "../../../src/rpc/createRpcTransport.ts";
import { RpcDeadlineError } from "../../../src/rpc/RpcDeadlineError.ts";
import { TickBudget } from "../../../src/rpc/TickBudget.ts";
import { startFakeRpc } from "../../helpers/fakeRpcServer.ts";

let upstream: Awaited<ReturnType<typeof startFakeRpc>>;
const proxies: FaultProxy[] = [];
beforeAll(async () => {
  upstream = await startFakeRpc();
});
afterAll(async () => {
  for (const p of proxies) await p.close();
  await upstream.close();
});

async function proxy(seed: number, faults: Parameters<typeof startFaultProxy>[0]["faults"] = {}) {
  const p = await startFaultProxy({ upstream: upstream.url, seed, faults });
  proxies.push(p);
  return p;
}

function client(urls: string[], extra: Partial<RpcTransportOptions> = {}): PublicClient {
  const transport = createRpcTransport({
    urls,
    timeoutMs: 2_000,
    retryCount: 6,
    backoff: { baseDelayMs: 1, maxDelayMs: 4 },
    batchSize: 100,
    random: seededRandom(42),
    ...extra,
  });
  return createPublicClient({ transport }) as PublicClient;
}

describe("RPC transport", () => {
  it("backoff: full jitter under a doubling bound, capped", () => {
    const o = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, o, () => 0.999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, o, () => 0)).toBe(0);
  });

  it("fails over from a URL that drops every connection, and ranks it last afterwards", async () => {
    const dead = await proxy(1, { drop: 1 });
    const good = await proxy(2);
    const c = client([dead.url, good.url]);
    for (let i = 0; i < 10; i++) expect(await c.getBlockNumber({ cacheTime: 0 })).toBe(100n);
    expect(good.stats().requests).toBe(10);
    // Tried first once, then ranked below the healthy URL.
    expect(dead.stats().requests).toBe(1);
  });

  it("retries transient 429, 503 and drops with backoff until answered", async () => {
    for (const faults of [{ http429: 0.5 }, { http5xx: 0.5 }, { drop: 0.5 }]) {
      const p = await proxy(3, faults);
      const c = client([p.url]);
      for (let i = 0; i < 20; i++) expect(await c.getBlockNumber({ cacheTime: 0 })).toBe(100n);
      const s = p.stats();
      expect(s.throttled + s.failed + s.dropped).toBeGreaterThan(5);
      expect(s.requests).toBe(20 + s.throttled + s.failed + s.dropped);
    }
  });

  it("calls issued together go out as one batched HTTP request", async () => {
    const p = await proxy(4);
    const c = client([p.url]);
    const addrs = Array.from({ length: 12 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as const);
    await Promise.all(addrs.map((a) => c.request({ method: "eth_getBalance", params: [a, "latest"] })));
    expect(p.stats()).toMatchObject({ requests: 1, calls: 12, batches: 1 });
  });

  it("a revert is not retried and not sent to the next URL", async () => {
    const a = await proxy(5);
    const b = await proxy(6);
    const c = client([a.url, b.url]);
    await expect(c.request({ method: "eth_call", params: [{}, "latest"] } as never)).rejects.toThrow(/revert/);
    expect(a.stats().requests + b.stats().requests).toBe(1);
  });

  it("the tick deadline aborts a slow request and stops retries", async () => {
    const slow = await proxy(7, { delayMs: 1_500, http429: 1 });
    const budget = new TickBudget(50);
    const c = client([slow.url], { budget, backoff: { baseDelayMs: 200, maxDelayMs: 200 } });
    const err = await budget.run(() => c.getBlockNumber({ cacheTime: 0 })).catch((e: unknown) => e);
    // viem wraps what a custom transport throws; the deadline is in the cause chain.
    let e: unknown = err;
    while (e instanceof Error && !(e instanceof RpcDeadlineError)) e = e.cause;
    expect(e).toBeInstanceOf(RpcDeadlineError);
    expect(slow.stats().requests).toBe(1);
    // Outside a tick the same transport has no deadline.
    slow.setFaults({});
    expect(await c.getBlockNumber({ cacheTime: 0 })).toBe(100n);
  });
});
