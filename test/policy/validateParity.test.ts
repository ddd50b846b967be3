import fc from "fast-check";
import hre from "hardhat";
import { BaseError, ContractFunctionRevertedError, hexToString } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { policyRegistryAbi } from "../../src/abi/policyRegistryAbi.ts";
import { defaultPolicy } from "../../src/policy/defaultPolicy.ts";
import type { Policy } from "../../src/policy/Policy.ts";
import { PolicyValidationError } from "../../src/policy/PolicyValidationError.ts";
import { ALL_FIELD_IDS, fieldMax, resolveFieldId, withPolicyField } from "../../src/policy/policyFields.ts";
import { policyViolation } from "../../src/policy/validatePolicy.ts";

type Verdict = { ok: true } | { ok: false; layer: number; field: string; value: bigint; rule: string };

const { viem } = await hre.network.create();
const publicClient = await viem.getPublicClient();
let registry: `0x${string}`;

beforeAll(async () => {
  const [wallet] = await viem.getWalletClients();
  registry = (await viem.deployContract("PolicyRegistry", [wallet?.account.address ?? "0x"])).address;
});

const bytes32ToString = (hex: `0x${string}`) => hexToString(hex, { size: 32 }).replace(/\0+$/, "");

async function contractVerdict(policy: Policy): Promise<Verdict> {
  try {
    await publicClient.readContract({
      address: registry,
      abi: policyRegistryAbi,
      functionName: "validatePolicy",
      args: [policy],
    });
    return { ok: true };
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    if (!(reverted instanceof ContractFunctionRevertedError) || reverted.data?.errorName !== "InvalidPolicyField") {
      throw error;
    }
    const [layer, field, value, rule] = reverted.data.args as [number, `0x${string}`, bigint, `0x${string}`];
    return { ok: false, layer, field: bytes32ToString(field), value, rule: bytes32ToString(rule) };
  }
}

function tsVerdict(policy: Policy): Verdict {
  const e = policyViolation(policy);
  if (!e) return { ok: true };
  return { ok: false, layer: e.layer === "settings" ? 255 : e.layer, field: e.field, value: e.value, rule: e.rule };
}

const BOUNDS = [1_000_000n, 10_000n, 10_000_000n, 2_592_000n, 100_000n];

/** Values on or next to the rules' edges for this field: the bounds, and the same field in the other layers. */
function edgeValues(policy: Policy, fieldId: number, max: bigint): bigint[] {
  const ref = resolveFieldId(fieldId);
  const near: bigint[] = [0n, 1n, 2n, 3n, 7n, 15n, 16n, 127n, 128n, max];
  for (const b of BOUNDS) near.push(b - 1n, b, b + 1n);
  if (ref && ref.layer !== "settings") {
    for (const l of policy.layers) {
      near.push(BigInt(l[ref.field]) - 1n, BigInt(l[ref.field]), BigInt(l[ref.field]) + 1n);
      // cross-field edges: targetBufferPpm must lie above the layer's own marginBufferPpm
      near.push(BigInt(l.marginBufferPpm) - 1n, BigInt(l.marginBufferPpm), BigInt(l.marginBufferPpm) + 1n);
    }
  }
  if (ref?.layer === "settings") {
    for (const v of Object.values(policy.settings)) near.push(BigInt(v) - 1n, BigInt(v), BigInt(v) + 1n);
  }
  return near.filter((v) => v >= 0n && v <= max);
}

type Mutation = { fieldId: number; pick: number; random: bigint; mode: "edge" | "random" };

/** A mutation of one field: to an edge value (chosen against the policy it is applied to) or a random value. */
const mutation: fc.Arbitrary<Mutation> = fc.record({
  fieldId: fc.constantFrom(...ALL_FIELD_IDS),
  pick: fc.nat(),
  random: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  mode: fc.constantFrom("edge", "edge", "edge", "random"),
});

function applyMutations(base: Policy, muts: Mutation[]): Policy {
  let p = base;
  for (const m of muts) {
    const ref = resolveFieldId(m.fieldId);
    if (!ref) continue;
    const max = fieldMax(ref);
    const edges = edgeValues(p, m.fieldId, max);
    const v = m.mode === "edge" ? (edges[m.pick % edges.length] ?? 0n) : m.random % (max + 1n);
    p = withPolicyField(p, ref, v);
  }
  return p;
}

const nearValid = fc.array(mutation, { minLength: 0, maxLength: 3 }).map((m) => applyMutations(defaultPolicy(), m));

describe("validatePolicy parity (TS vs contract)", () => {
  it("accepts the default policy in both", async () => {
    expect(tsVerdict(defaultPolicy())).toEqual({ ok: true });
    expect(await contractVerdict(defaultPolicy())).toEqual({ ok: true });
  });

  it("gives the same verdict, field and rule for near-valid policies", async () => {
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(nearValid, async (policy) => {
        const ts = tsVerdict(policy);
        if (!ts.ok) invalid++;
        expect(await contractVerdict(policy)).toEqual(ts);
      }),
      { seed: 20240601, numRuns: 600 },
    );
    // Both outcomes must be exercised, or the property proves nothing.
    expect(invalid).toBeGreaterThan(100);
    expect(invalid).toBeLessThan(570);
  });

  it("gives the same verdict for every field set to each of its edge values", async () => {
    const cases: { label: string; policy: Policy }[] = [];
    for (const fieldId of ALL_FIELD_IDS) {
      const ref = resolveFieldId(fieldId);
      if (!ref) continue;
      for (const v of new Set(edgeValues(defaultPolicy(), fieldId, fieldMax(ref)))) {
        cases.push({ label: `field ${fieldId} = ${v}`, policy: withPolicyField(defaultPolicy(), ref, v) });
      }
    }
    const verdicts = await Promise.all(cases.map((c) => contractVerdict(c.policy)));
    for (const [i, c] of cases.entries()) expect(verdicts[i], c.label).toEqual(tsVerdict(c.policy));
    const compared = cases.length;
    expect(compared).toBeGreaterThan(1000);
  });

  it("targetBufferPpm: 0 (off), above the layer's trigger, at it, below it and at 100 % — same verdict and rule", async () => {
    const rules: string[] = [];
    for (const layer of [0, 1, 2] as const) {
      const trigger = BigInt(defaultPolicy().layers[layer].marginBufferPpm);
      for (const v of [0n, trigger + 1n, trigger, trigger - 1n, 999_999n, 1_000_000n]) {
        const p = withPolicyField(defaultPolicy(), { fieldId: layer * 16 + 14, layer, field: "targetBufferPpm" }, v);
        const ts = tsVerdict(p);
        expect(await contractVerdict(p), `L${layer + 1} targetBufferPpm = ${v}`).toEqual(ts);
        rules.push(ts.ok ? "ok" : `${ts.field}:${ts.rule}`);
      }
    }
    expect(rules.slice(0, 6)).toEqual([
      "ok",
      "ok",
      "targetBufferPpm:order",
      "targetBufferPpm:order",
      "ok",
      "targetBufferPpm:max",
    ]);
  });

  it("referenceBufferPpm: 0 (off), 68.75 %, 99.9999 % and 100 % — same verdict and rule, field id 77", async () => {
    const ref = resolveFieldId(77);
    expect(ref).toEqual({ fieldId: 77, layer: "settings", field: "referenceBufferPpm" });
    expect(resolveFieldId(78)).toBeUndefined();
    const rules: string[] = [];
    for (const v of [0n, 687_500n, 999_999n, 1_000_000n]) {
      const p = withPolicyField(defaultPolicy(), ref as NonNullable<typeof ref>, v);
      const ts = tsVerdict(p);
      expect(await contractVerdict(p), `referenceBufferPpm = ${v}`).toEqual(ts);
      rules.push(ts.ok ? "ok" : `${ts.field}:${ts.rule}`);
    }
    expect(rules).toEqual(["ok", "ok", "ok", "referenceBufferPpm:max"]);
  });

  it("throws a PolicyValidationError naming layer, field and rule", () => {
    const p = withPolicyField(defaultPolicy(), { fieldId: 25, layer: 1, field: "marginBufferPpm" }, 700_000n);
    const e = policyViolation(p);
    expect(e).toBeInstanceOf(PolicyValidationError);
    expect(e).toMatchObject({ layer: 1, field: "marginBufferPpm", value: 700_000n, rule: "order" });
    // The message is in the policy file's units (percent), not the contract's ppm.
    expect(e?.shortMessage).toContain("L2 marginBuffer = 70%");
    expect(e?.metaMessages[0]).toContain("below L1's 67%");
  });
});
