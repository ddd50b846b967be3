import { hash } from "node:crypto";
import type { PolicyVersion } from "../strategy/BookSnapshot.ts";
import type { HedgeIntent } from "./HedgeIntent.ts";

const id = (s: string) => (s.startsWith("0x") ? s.toLowerCase() : s);

/**
 * Canonical text of a plan: JSON of [tag, bookId, policyVersion, layer, intents in execution order], each
 * intent as [kind, market?, amount] with amounts as decimal strings and 0x-ids lower-cased. Equal plans give
 * equal text, whatever the object key order or address checksum casing.
 */
export function canonicalPlan(
  bookId: string,
  policyVersion: PolicyVersion,
  layer: number,
  intents: readonly HedgeIntent[],
): string {
  const body = intents.map((i) =>
    i.kind === "addMargin" || i.kind === "removeMargin"
      ? [i.kind, i.amount.toString()]
      : [i.kind, id(i.market), i.notional.toString()],
  );
  return JSON.stringify(["alvh-plan/1", id(bookId), policyVersion.toString(), layer, body]);
}

/** sha256 (0x hex) of a canonical plan text. */
export function planKeyOf(canonical: string): `0x${string}` {
  return `0x${hash("sha256", canonical, "hex")}`; // one-shot: ~3x cheaper than createHash().update().digest()
}

/** Deterministic plan identity: sha256 (0x hex) of `canonicalPlan` — equal for equal (book, policy version, layer, plan). */
export function planKey(
  bookId: string,
  policyVersion: PolicyVersion,
  layer: number,
  intents: readonly HedgeIntent[],
): `0x${string}` {
  return planKeyOf(canonicalPlan(bookId, policyVersion, layer, intents));
}
