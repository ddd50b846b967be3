import { describe, expect, it } from "vitest";
import { assertToolchain } from "../../src/toolchain/assertToolchain.ts";

describe("toolchain", () => {
  it("runs on Node >= 22 with a matching EDR binary", () => {
    expect(() => assertToolchain()).not.toThrow();
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22);
  });
});
