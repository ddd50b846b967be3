import { describe, expect, it } from "vitest";
import { assertToolchain } from "../../src/toolchain/assertToolchain.ts";

describe("toolchain", () => {
  it("runs on Node >= 22 with a matching EDR binary", () => {
    expect(() => assertToolchain()).not.toThrow();
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22);
  });
});

describe("native addons", () => {
  it("better-sqlite3 (N-API build, v13) loads on this Node", async () => {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(":memory:");
    expect(db.prepare("select 41 + 1 as x").get()).toEqual({ x: 42 });
    db.close();
  });
});
