import { readFileSync } from "node:fs";
import { BaseError } from "../../errors/BaseError.ts";
import type { Policy } from "../../policy/Policy.ts";
import { validatePolicy } from "../../policy/validatePolicy.ts";

/**
 * Reads a policy JSON file and validates it with the same rules as the on-chain registry.
 * TODO(gov): switch to the shared `src/policy/policyJson.ts` parser once it lands on `gov`; until then the
 * file must hold the `Policy` shape with bigint caps written as decimal strings.
 */
export function readPolicyFile(file: string): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new BaseError(`cannot read policy file ${file}`, { cause });
  }
  const p = raw as Policy;
  const layers = (p?.layers ?? []).map((l) => ({
    ...l,
    maxHedgeNotional: BigInt(l.maxHedgeNotional as unknown as string),
    maxAddMargin: BigInt(l.maxAddMargin as unknown as string),
  }));
  return validatePolicy({ layers: layers as unknown as Policy["layers"], settings: p.settings });
}
