import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type FaultKnobs, faultKnobs, NO_FAULTS } from "./FaultKnobs.ts";
import { seededRandom } from "./seededRandom.ts";

/** Counters since start or the last `resetStats()`: HTTP requests, JSON-RPC calls inside them, faults injected. */
export type FaultStats = {
  requests: number;
  calls: number;
  batches: number;
  methods: Record<string, number>;
  dropped: number;
  throttled: number;
  failed: number;
  delayed: number;
  staled: number;
};

export type FaultProxy = {
  url: string;
  port: number;
  stats: () => FaultStats;
  resetStats: () => void;
  /**
   * Replaces the knobs (unnamed ones off; faults stop with `setFaults({})`) and the methods they target
   * (`faultMethods`); the PRNG sequence continues.
   */
  setFaults: (knobs: Partial<FaultKnobs>, faultMethods?: readonly string[]) => void;
  close: () => Promise<void>;
};

export type FaultProxyOptions = {
  /** The real JSON-RPC endpoint (http://…). */
  upstream: string;
  /** PRNG seed: the same seed and the same requests give the same faults (whatever order they arrive in). */
  seed: number;
  faults?: Partial<FaultKnobs>;
  /** Fault only HTTP requests that carry one of these JSON-RPC methods (default: every request). */
  faultMethods?: readonly string[] | undefined;
  /** 0 picks a free port. */
  port?: number;
};

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

type RpcCall = { jsonrpc?: string; id?: unknown; method?: string; params?: unknown[] };

const emptyStats = (): FaultStats => ({
  requests: 0,
  calls: 0,
  batches: 0,
  methods: {},
  dropped: 0,
  throttled: 0,
  failed: 0,
  delayed: 0,
  staled: 0,
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * A loopback (127.0.0.1) JSON-RPC proxy that injects faults into the traffic to `upstream`: dropped
 * connections, HTTP 429 / 503, delays and stale block numbers, each drawn from a seeded PRNG so a run is
 * repeatable. It also counts HTTP requests and JSON-RPC calls (batches included), which is how the tests and
 * the bench measure requests per tick.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  // Each request draws from its own PRNG, seeded by (seed, what it asks, how often it was asked before): the
  // faults do not depend on the order concurrent requests arrive in, nor on JSON-RPC ids.
  const asked = new Map<string, number>();
  const drawsFor = (calls: readonly RpcCall[]) => {
    const key = JSON.stringify(calls.map((c) => [c.method, c.params ?? []]));
    const nth = asked.get(key) ?? 0;
    asked.set(key, nth + 1);
    return seededRandom(fnv1a(`${options.seed}|${nth}|${key}`));
  };
  let knobs = faultKnobs(options.faults);
  let methods = options.faultMethods && new Set(options.faultMethods);
  let stats = emptyStats();
  let newestBlock = -1n;

  /** Rewrites a "latest" block read to an older block (the stale-node fault); returns whether it did. */
  const staleParams = (call: RpcCall, draw: number, depthDraw: number, knobs: FaultKnobs): boolean => {
    if (call.method !== "eth_getBlockByNumber" || call.params?.[0] !== "latest") return false;
    if (draw >= knobs.staleBlock || newestBlock <= 0n) return false;
    const behind = BigInt(1 + Math.floor(depthDraw * knobs.staleDepth));
    const at = newestBlock - behind < 0n ? 0n : newestBlock - behind;
    call.params = [`0x${at.toString(16)}`, ...call.params.slice(1)];
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    stats.requests++;
    let parsed: RpcCall | RpcCall[];
    try {
      parsed = JSON.parse(body) as RpcCall | RpcCall[];
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end('{"error":"invalid JSON"}');
      return;
    }
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    const rand = drawsFor(calls);
    const [dDrop, d429, d5xx, dDelay] = [rand(), rand(), rand(), rand()];
    stats.calls += calls.length;
    if (Array.isArray(parsed)) stats.batches++;
    for (const c of calls) stats.methods[c.method ?? "?"] = (stats.methods[c.method ?? "?"] ?? 0) + 1;
    const k = !methods || calls.some((c) => methods?.has(c.method ?? "")) ? knobs : NO_FAULTS;
    if (dDrop < k.drop) {
      stats.dropped++;
      req.socket.destroy();
      return;
    }
    if (d429 < k.http429) {
      stats.throttled++;
      res.writeHead(429, { "content-type": "text/plain", "retry-after": "0" }).end("Too Many Requests");
      return;
    }
    if (d5xx < k.http5xx) {
      stats.failed++;
      res.writeHead(503, { "content-type": "text/plain" }).end("Service Unavailable");
      return;
    }
    const staleDraws = calls.map(() => [rand(), rand()] as const);
    const stale = calls.map((c, i) => staleParams(c, staleDraws[i]?.[0] ?? 1, staleDraws[i]?.[1] ?? 0, k));
    if (k.delayMs > 0) {
      stats.delayed++;
      await new Promise((r) => setTimeout(r, Math.floor(dDelay * k.delayMs)));
    }
    let upstream: Response;
    try {
      upstream = await fetch(options.upstream, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(parsed),
      });
    } catch {
      res.writeHead(502, { "content-type": "text/plain" }).end("Bad Gateway");
      return;
    }
    const text = await upstream.text();
    let out: unknown;
    try {
      out = JSON.parse(text);
    } catch {
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(text);
      return;
    }
    const answers = Array.isArray(out) ? (out as { id?: unknown; result?: unknown }[]) : [out as { result?: unknown }];
    for (const [i, c] of calls.entries()) {
      const a = Array.isArray(out)
        ? answers.find((x) => (x as { id?: unknown }).id === c.id)
        : (answers[0] as { result?: unknown } | undefined);
      if (!a || typeof a.result !== "string" || c.method !== "eth_blockNumber") {
        if (stale[i]) stats.staled++;
        continue;
      }
      const n = BigInt(a.result);
      if (n > newestBlock) newestBlock = n;
      const draw = staleDraws[i];
      if (draw && draw[0] < k.staleBlock && n > 0n) {
        const behind = BigInt(1 + Math.floor(draw[1] * k.staleDepth));
        a.result = `0x${(n - behind < 0n ? 0n : n - behind).toString(16)}`;
        stats.staled++;
      }
    }
    for (const a of answers) {
      const num = (a as { result?: { number?: unknown } }).result?.number;
      if (typeof num === "string" && num.startsWith("0x") && BigInt(num) > newestBlock) newestBlock = BigInt(num);
    }
    res.writeHead(upstream.status, { "content-type": "application/json" }).end(JSON.stringify(out));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setFaults: (k, m) => {
      knobs = faultKnobs(k);
      methods = m && new Set(m);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
