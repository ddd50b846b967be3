import { BaseError, HttpRequestError, TimeoutError } from "viem";

const TRANSIENT_CODES = new Set([
  -32005, // limit exceeded
  429, // rate limit as a JSON-RPC code (some providers answer 200 with it)
  -32007, // QuickNode-style request limit
]);

/**
 * Whether a failed JSON-RPC request is worth repeating: a dropped connection or network failure, a
 * timeout, HTTP 408 / 429 / 5xx, or a rate-limit code. Reverts and invalid requests are not.
 */
export function isTransientRpcError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "AbortError") return false;
  const chain = error instanceof BaseError ? error : undefined;
  const found = chain?.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError);
  if (found instanceof TimeoutError) return true;
  if (found instanceof HttpRequestError) {
    const s = found.status;
    return s === undefined || s === 408 || s === 429 || s >= 500;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === "number" && TRANSIENT_CODES.has(code)) return true;
  // Errors below viem (fetch failed, socket hang up, ECONNRESET) reach here unwrapped only from custom transports.
  return /fetch failed|socket hang up|ECONNRESET|ECONNREFUSED|other side closed/i.test(error.message);
}
