import path from "node:path";
import { describe, expect, it } from "vitest";
import { ABI_SOURCES } from "../../src/abi/abiSources.ts";
import { loadArtifact } from "../../src/deploy/loadArtifact.ts";

const root = path.join(import.meta.dirname, "..", "..");

describe("generated ABIs", () => {
  it.each(ABI_SOURCES.map((s) => [s.exportName, s] as const))("%s matches the compiled artifact", async (_, source) => {
    const mod = (await import(path.join(root, "src", "abi", `${source.exportName}.ts`))) as Record<string, unknown>;
    const name = path.basename(source.artifact, ".json") as Parameters<typeof loadArtifact>[0];
    // Stale? Run: npx hardhat build && node scripts/gen-abis.ts
    expect(mod[source.exportName]).toEqual(loadArtifact(name).abi);
  });
});
