import { ContractFunctionRevertedError, decodeErrorResult, type Hex, BaseError as ViemBaseError } from "viem";
import { hedgeGuardAbi } from "../guard/guardAbis.ts";
import { GUARD_ERROR_WORDS } from "./guardErrorWords.ts";
import { PERP_ERROR_CODES } from "./perpErrorCodes.ts";
import { SAFE_ERROR_CODES } from "./safeErrorCodes.ts";

const CODE = /\b(GS\d{3}|[A-Z]{1,4}_[A-Z0-9]{2,9})\b/;

/** A venue (Perp v2) or Safe revert code in words: `"EX_OPB — Perp v2: over the price band: …"`; else undefined. */
export function explainRevertCode(code: string): string | undefined {
  const perp = PERP_ERROR_CODES[code];
  if (perp) return `${code} — Perp v2: ${perp}`;
  const safe = SAFE_ERROR_CODES[code];
  if (safe) return `${code} — Safe: ${safe}`;
  return undefined;
}

/**
 * The known revert code behind `error`, in words: the first Perp v2 or Safe code found in a reverted call's
 * reason anywhere in the cause chain (viem errors and this project's). Undefined when there is none.
 */
export function describeRevert(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const texts: string[] = [];
    if (e instanceof ViemBaseError) {
      const reverted = e.walk((x) => x instanceof ContractFunctionRevertedError);
      if (reverted instanceof ContractFunctionRevertedError && reverted.reason) texts.push(reverted.reason);
      if (reverted instanceof ContractFunctionRevertedError && reverted.raw) {
        const guard = guardRefusal(reverted.raw);
        if (guard) return guard;
      }
      texts.push(e.shortMessage, e.details ?? "");
    } else if (e instanceof Error) {
      texts.push(e.message);
    }
    for (const text of texts) {
      const code = CODE.exec(text)?.[1];
      const words = code === undefined ? undefined : explainRevertCode(code);
      if (words) return words;
    }
  }
  return undefined;
}

/** A HedgeGuard custom error (`raw` revert data) in words with its arguments; undefined for anything else. */
function guardRefusal(raw: Hex): string | undefined {
  try {
    const { errorName, args } = decodeErrorResult({ abi: hedgeGuardAbi, data: raw });
    const words = GUARD_ERROR_WORDS[errorName];
    const shown = (args ?? []).map((a) => (typeof a === "bigint" ? a.toString() : String(a))).join(", ");
    return `HedgeGuard ${errorName}(${shown})${words ? ` — ${words}` : ""}`;
  } catch {
    return undefined;
  }
}
