import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "../../../src/faults/startFaultProxy.ts";
import { startFakeRpc } from "../../helpers/fakeRpcServer.ts";

let upstream: Awaited<ReturnType<typeof startFakeRpc>>;
let upstreamUrl: string;
let seen: unknown[];
beforeAll(async () => {
  upstream = await startFakeRpc();
  upstreamUrl = upstream.url;
  seen = upstream.seen;
});
afterAll(() => upstream.close());

async function send(proxy: FaultProxy, body: unknown): Promise<number | string> {
  try {
    const res = await fetch(proxy.url, { method: "POST", body: JSON.stringify(body) });
    if (res.status !== 200) return res.status;
    const j = (await res.json()) as { result: string } | { result: string }[];
    return Array.isArray(j) ? j.map((x) => x.result).join(",") : j.result;
  } catch {
    return "dropped";
  }
}

async function run(seed: number, faults: Parameters<typeof startFaultProxy>[0]["faults"], n = 40) {
  const proxy = await startFaultProxy({ upstream: upstreamUrl, seed, faults });
  const out: (number | string)[] = [];
  for (let i = 0; i < n; i++) out.push(await send(proxy, { jsonrpc: "2.0", id: i, method: "eth_blockNumber" }));
  const stats = proxy.stats();
  await proxy.close();
  return { out, stats };
}

describe("fault proxy", () => {
  it("binds 127.0.0.1, forwards single calls and batches, counts HTTP requests and calls", async () => {
    const proxy = await startFaultProxy({ upstream: upstreamUrl, seed: 1 });
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await send(proxy, { jsonrpc: "2.0", id: 1, method: "net_version" })).toBe("net_version");
    expect(
      await send(proxy, [
        { jsonrpc: "2.0", id: 1, method: "eth_gasPrice" },
        { jsonrpc: "2.0", id: 2, method: "eth_blockNumber" },
      ]),
    ).toBe("eth_gasPrice,0x64");
    expect(proxy.stats()).toMatchObject({ requests: 2, calls: 3, batches: 1, methods: { eth_gasPrice: 1 } });
    proxy.resetStats();
    expect(proxy.stats().requests).toBe(0);
    await proxy.close();
  });

  it("each knob alone injects its fault at about its rate; the same seed gives the same sequence", async () => {
    const drop = await run(7, { drop: 0.3 }, 100);
    expect(drop.stats.dropped).toBe(drop.out.filter((x) => x === "dropped").length);
    expect(drop.stats.dropped).toBeGreaterThan(15);
    expect(drop.stats.dropped).toBeLessThan(45);
    expect((await run(7, { drop: 0.3 }, 100)).out).toEqual(drop.out);
    expect((await run(8, { drop: 0.3 }, 100)).out).not.toEqual(drop.out);

    const thr = await run(7, { http429: 0.5 });
    expect(thr.out.filter((x) => x === 429).length).toBe(thr.stats.throttled);
    expect(thr.stats.throttled).toBeGreaterThan(8);

    const err = await run(7, { http5xx: 0.5 });
    expect(err.out.filter((x) => x === 503).length).toBe(err.stats.failed);
    expect(err.stats.failed).toBeGreaterThan(8);

    const stale = await run(7, { staleBlock: 0.5, staleDepth: 3 });
    const older = stale.out.filter((x) => x !== "0x64");
    expect(older.length).toBe(stale.stats.staled);
    expect(older.length).toBeGreaterThan(8);
    for (const o of older) expect(["0x61", "0x62", "0x63"]).toContain(o);

    const slow = await run(7, { delayMs: 5 }, 5);
    expect(slow.stats.delayed).toBe(5);
    expect(slow.out.every((x) => x === "0x64")).toBe(true);
  });

  it("a stale getBlockByNumber('latest') is asked for an older block; setFaults({}) stops every fault", async () => {
    const proxy = await startFaultProxy({ upstream: upstreamUrl, seed: 3, faults: { staleBlock: 1 } });
    await send(proxy, { jsonrpc: "2.0", id: 0, method: "eth_blockNumber" });
    seen.length = 0;
    await send(proxy, { jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: ["latest", false] });
    expect(seen[0]).toEqual([expect.stringMatching(/^0x6[123]$/), false]);
    proxy.setFaults({});
    seen.length = 0;
    await send(proxy, { jsonrpc: "2.0", id: 2, method: "eth_getBlockByNumber", params: ["latest", false] });
    expect(seen[0]).toEqual(["latest", false]);
    expect(await send(proxy, { jsonrpc: "2.0", id: 3, method: "eth_blockNumber" })).toBe("0x64");
    await proxy.close();
  });
});
