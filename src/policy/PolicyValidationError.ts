import { BaseError } from "../errors/BaseError.ts";
import { humanField, humanValue } from "./humanField.ts";

/** The broken rule, as the contract names it in `InvalidPolicyField(layer, field, value, rule)`. */
export type PolicyRule = "max" | "zero" | "order" | "unknownBits" | "range";

/** Which part of the policy: a layer index (0..2), or `"settings"` (the contract reports layer 255). */
export type PolicyScope = 0 | 1 | 2 | "settings";

const RULE_TEXT: Record<PolicyRule, string> = {
  max: "is above its allowed maximum",
  zero: "must be greater than zero",
  order: "breaks the required ordering",
  unknownBits: "has bits outside the known set",
  range: "is out of range for the enabled signals",
};

/**
 * A policy breaks an invariant; the same verdict the contract's `validatePolicy` gives (same field and rule). `field`
 * and `value` are the on-chain ones; the message names the field and value as the policy file writes them.
 */
export class PolicyValidationError extends BaseError {
  override name = "PolicyValidationError";
  readonly layer: PolicyScope;
  readonly field: string;
  readonly value: bigint;
  readonly rule: PolicyRule;

  constructor(args: { layer: PolicyScope; field: string; value: bigint; rule: PolicyRule; hint: string }) {
    const scope = args.layer === "settings" ? "settings" : "layer";
    const key = humanField(scope, args.field).key;
    const where = args.layer === "settings" ? `settings.${key}` : `L${args.layer + 1} ${key}`;
    const shown = humanValue(scope, args.field, args.value);
    super(`Invalid policy: ${where} = ${shown} ${RULE_TEXT[args.rule]}`, { metaMessages: [args.hint] });
    this.layer = args.layer;
    this.field = args.field;
    this.value = args.value;
    this.rule = args.rule;
  }
}
