import { type CustomTransport, custom, type EIP1193RequestFn, http } from "viem";
import { type BackoffOptions, backoffDelay } from "./backoffDelay.ts";
import { isTransientRpcError } from "./isTransientRpcError.ts";
import { RpcDeadlineError } from "./RpcDeadlineError.ts";
import type { TickBudget } from "./TickBudget.ts";

export type RpcTransportOptions = {
  /** JSON-RPC endpoints (http/https), tried in health order. */
  urls: readonly string[];
  /** Per-HTTP-request timeout (ms). */
  timeoutMs: number;
  /** Rounds over all URLs after the first one fails (each round waits a jittered backoff first). */
  retryCount: number;
  backoff: BackoffOptions;
  /** JSON-RPC batching: calls issued together go out as one HTTP request of at most this many calls. */
  batchSize: number;
  /** The keeper's per-tick deadline (aborts in-flight requests and stops retries). */
  budget?: TickBudget | undefined;
  /** Jitter source (default Math.random; seeded in tests). */
  random?: () => number;
  /** Clock for latency scores (default performance.now). */
  now?: () => number;
  /** Called for every HTTP request sent (batches count once), e.g. for a metric. */
  onHttpRequest?: (url: string) => void;
  /** Called for every failed attempt against one URL. */
  onAttemptError?: (url: string, error: unknown, transient: boolean) => void;
};

type Endpoint = { url: string; request: EIP1193RequestFn; ok: number; latencyMs: number };

/** Weighted health score: stability 0.7 (EWMA of successes), latency 0.3 (relative to the slowest). */
function rank(endpoints: Endpoint[]): Endpoint[] {
  const slowest = Math.max(1, ...endpoints.map((e) => e.latencyMs));
  const score = (e: Endpoint) => 0.7 * e.ok + 0.3 * (1 - e.latencyMs / slowest);
  return [...endpoints].sort((a, b) => score(b) - score(a));
}

const ALPHA = 0.3;

/**
 * The keeper's transport: several RPC URLs ranked passively by their observed health (no extra ping
 * requests), JSON-RPC batching on each, and retries with full-jitter exponential backoff on transient
 * errors (dropped connections, timeouts, 429, 5xx) — every URL is tried before a backoff. A revert or an
 * invalid request is thrown at once. Requests inside `budget.run` are aborted when the tick's deadline passes.
 */
export function createRpcTransport(o: RpcTransportOptions): CustomTransport {
  const random = o.random ?? Math.random;
  const now = o.now ?? (() => performance.now());
  const endpoints: Endpoint[] = o.urls.map((url) => ({
    url,
    ok: 1,
    latencyMs: 0,
    request: http(url, {
      batch: { batchSize: o.batchSize, wait: 0 },
      timeout: o.timeoutMs,
      retryCount: 0,
      // Counted in fetchFn: viem's onFetchRequest hook builds a Request, which broke bodies under Vitest.
      fetchFn: (input, init) => {
        o.onHttpRequest?.(url);
        return fetch(input, init);
      },
    })({ retryCount: 0, timeout: o.timeoutMs }).request,
  }));

  const request = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
    const signal = o.budget?.signal;
    const deadline = (cause?: unknown) => new RpcDeadlineError(method, o.budget?.deadlineMs ?? 0, cause);
    let last: unknown;
    for (let attempt = 0; attempt <= o.retryCount; attempt++) {
      if (attempt > 0) {
        const ms = backoffDelay(attempt - 1, o.backoff, random);
        if (ms > 0)
          await new Promise<void>((resolve, reject) => {
            if (signal?.aborted) return reject(deadline(last));
            const t = setTimeout(done, ms);
            function done() {
              signal?.removeEventListener("abort", abort);
              resolve();
            }
            function abort() {
              clearTimeout(t);
              reject(deadline(last));
            }
            signal?.addEventListener("abort", abort, { once: true });
          });
      }
      for (const e of rank(endpoints)) {
        if (signal?.aborted) throw deadline(last);
        const start = now();
        try {
          const result = await e.request(
            { method, params } as Parameters<EIP1193RequestFn>[0],
            signal ? { signal } : undefined,
          );
          e.ok = e.ok * (1 - ALPHA) + ALPHA;
          e.latencyMs = e.latencyMs * (1 - ALPHA) + ALPHA * (now() - start);
          return result;
        } catch (error) {
          if (signal?.aborted) throw deadline(error);
          const transient = isTransientRpcError(error);
          o.onAttemptError?.(e.url, error, transient);
          if (!transient) throw error;
          e.ok *= 1 - ALPHA;
          e.latencyMs = e.latencyMs * (1 - ALPHA) + ALPHA * (now() - start);
          last = error;
        }
      }
    }
    throw last;
  };
  return custom({ request }, { retryCount: 0, key: "alvh-rpc", name: "ALVH ranked RPC" });
}
