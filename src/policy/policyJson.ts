import { readFileSync } from "node:fs";
import { z } from "zod";
import { HUMAN_LAYER_FIELDS, HUMAN_SETTINGS_FIELDS, type HumanUnit, toHumanValue } from "./humanFields.ts";
import { Action, type BookSettings, type Layer, type Policy, Signal } from "./Policy.ts";
import { PolicyFileError } from "./PolicyFileError.ts";
import { parseAmount, parseDuration, parsePercent, parseRsi } from "./units.ts";
import { validatePolicy } from "./validatePolicy.ts";

/**
 * The human policy file: explicit units, names instead of bit masks.
 * - percentages as strings: `"12.5%"` (ppm on-chain, at most 4 decimals)
 * - durations as strings: `"30m"`, `"1h"`, `"900s"`, `"1h30m"`, `"1d"` (seconds on-chain)
 * - RSI as a number: `65` or `65.5` (hundredths on-chain)
 * - notionals/margins as decimal strings in settlement units: `"1000000"`, `"2.5"` (18 decimals on-chain)
 * - signals/actions as name lists: `["RSI", "MACD"]`, `["REDUCE", "OFFSET_HEDGE"]`
 * - periods, windows and `minSignals` as integers.
 * Unknown or missing fields are errors that name the field.
 */
export type HumanPolicy = {
  layers: [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
  settings: Record<string, unknown>;
};

const UINT = { 8: 255, 16: 65_535, 32: 4_294_967_295 } as const;
const U128 = (1n << 128n) - 1n;

function namesToMask(list: unknown, names: Record<string, number>, kind: string): number | string {
  const expected = `a list of ${kind} names from [${Object.keys(names).join(", ")}]`;
  if (!Array.isArray(list)) return `${expected}, got ${JSON.stringify(list)}`;
  let mask = 0;
  for (const item of list) {
    const bit = typeof item === "string" ? names[item] : undefined;
    if (bit === undefined) return `${expected}; unknown ${kind} ${JSON.stringify(item)}`;
    if ((mask & (1 << bit)) !== 0) return `${expected}; ${item} is listed twice`;
    mask |= 1 << bit;
  }
  return mask;
}

/** Converts one human value to on-chain units, or returns what was expected. */
function fromHuman(unit: HumanUnit, bits: 8 | 16 | 32, v: unknown): number | bigint | string {
  const str = (f: (s: string) => number | bigint | string, example: string) =>
    typeof v === "string" ? f(v) : `${example}, got ${JSON.stringify(v)}`;
  let out: number | bigint | string;
  switch (unit) {
    case "percent":
      out = str(parsePercent, 'a percentage string like "12.5%"');
      break;
    case "duration":
      out = str(parseDuration, 'a duration string like "30m", "1h" or "900s"');
      break;
    case "amount":
      out = str(parseAmount, 'an amount string in settlement units like "1000000"');
      if (typeof out === "bigint" && out > U128) return `an amount below 2^128 base units, got "${v}"`;
      return out;
    case "rsi":
      out = typeof v === "number" ? parseRsi(v) : `an RSI level as a number like 65, got ${JSON.stringify(v)}`;
      break;
    case "int":
      out =
        typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : `a non-negative integer, got ${JSON.stringify(v)}`;
      break;
    case "signals":
      return namesToMask(v, Signal, "signal");
    case "actions":
      return namesToMask(v, Action, "action");
  }
  if (typeof out === "number" && out > UINT[bits]) return `a value that fits uint${bits}, got ${JSON.stringify(v)}`;
  return out;
}

function fieldSchema(unit: HumanUnit, bits: 8 | 16 | 32) {
  return z.unknown().transform((v, ctx) => {
    const out = v === undefined ? "a value (the field is required)" : fromHuman(unit, bits, v);
    if (typeof out === "string") {
      ctx.addIssue({ code: "custom", message: `expected ${out}` });
      return z.NEVER;
    }
    return out;
  });
}

const LAYER_BITS: Record<string, 8 | 16 | 32> = { signalMask: 16, minSignals: 8, rsiLevel: 16, actionMask: 8 };
const layerSchema = z.strictObject(
  Object.fromEntries(HUMAN_LAYER_FIELDS.map((f) => [f.key, fieldSchema(f.unit, LAYER_BITS[f.field] ?? 32)])),
);
const settingsSchema = z.strictObject(
  Object.fromEntries(HUMAN_SETTINGS_FIELDS.map((f, i) => [f.key, fieldSchema(f.unit, i < 8 ? 16 : 32)])),
);
const policySchema = z.strictObject({
  layers: z.tuple([layerSchema, layerSchema, layerSchema], { error: "expected exactly 3 layers (L1, L2, L3)" }),
  settings: settingsSchema,
});

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

function issueToError(issue: z.core.$ZodIssue, file: string | undefined): PolicyFileError {
  const at = pathText(issue.path);
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const path = at ? `${at}.${key}` : key;
    return new PolicyFileError(`unknown field "${key}"`, {
      path,
      file,
      hint: "Check the spelling; see policies/default.json.",
    });
  }
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return new PolicyFileError("missing field", { path: at, file });
  }
  return new PolicyFileError(issue.message, { path: at, file });
}

/** Parses the human format (an already JSON-parsed value) into a policy. Format only: see `validatePolicy`. */
export function parsePolicyJson(json: unknown, file?: string): Policy {
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw issue ? issueToError(issue, file) : new PolicyFileError("invalid policy", { file });
  }
  const toLayer = (h: Record<string, unknown>): Layer =>
    Object.fromEntries(HUMAN_LAYER_FIELDS.map((f) => [f.field, h[f.key]])) as Layer;
  const [l1, l2, l3] = parsed.data.layers;
  return {
    layers: [toLayer(l1), toLayer(l2), toLayer(l3)],
    settings: Object.fromEntries(
      HUMAN_SETTINGS_FIELDS.map((f) => [f.field, parsed.data.settings[f.key]]),
    ) as BookSettings,
  };
}

/** Reads a human policy file, parses it and checks it against the contract's rules (throws on the first issue). */
export function readPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new PolicyFileError("cannot read the policy file", { file, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PolicyFileError("not valid JSON", { file, cause });
  }
  return validatePolicy(parsePolicyJson(json, file));
}

/** The human form of a policy (what `parsePolicyJson` reads back to the same policy). */
export function toPolicyJson(policy: Policy): HumanPolicy {
  const layer = (l: Layer) =>
    Object.fromEntries(HUMAN_LAYER_FIELDS.map((f) => [f.key, toHumanValue(f.unit, l[f.field])]));
  return {
    layers: [layer(policy.layers[0]), layer(policy.layers[1]), layer(policy.layers[2])],
    settings: Object.fromEntries(
      HUMAN_SETTINGS_FIELDS.map((f) => [f.key, toHumanValue(f.unit, policy.settings[f.field])]),
    ),
  };
}

/** The policy file text: the human form, two-space indented, one short list per line. */
export function stringifyPolicy(policy: Policy): string {
  const text = JSON.stringify(toPolicyJson(policy), null, 2);
  return `${text.replace(/\[\s+([^[\]{}]*?)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(", ")}]`)}\n`;
}
