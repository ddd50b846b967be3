import { describe, expect, it } from "vitest";
import { runGovernanceWalkthrough } from "../../src/demo/governanceWalkthrough.ts";
import { defaultPolicy } from "../../src/policy/defaultPolicy.ts";
import { policyHash } from "../../src/policy/policyHash.ts";

describe("governance walk-through", () => {
  it("runs end to end and prints the policy before and after", async () => {
    const lines: string[] = [];
    const result = await runGovernanceWalkthrough({ log: (l) => lines.push(l) });
    const next = defaultPolicy();
    next.layers[1].marginBufferPpm = 640_000;
    next.layers[0].targetBufferPpm = 800_000;
    expect(result).toEqual({ version: 2n, policyHash: policyHash(next) });
    expect(lines).toContain(`Step 2. Book 1 policy, version 1 (hash ${policyHash(defaultPolicy())})`);
    expect(lines).toContain("   state: Executed");
    expect(lines.filter((l) => /^ {3}marginBuffer\s/.test(l))).toEqual([
      expect.stringMatching(/67%\s+65%\s+63%$/),
      expect.stringMatching(/67%\s+64%\s+63%$/),
    ]);
  });
});
