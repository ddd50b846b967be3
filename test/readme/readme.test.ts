// The README, run as written: every marked shell block of its walkthroughs, in order, in a scratch folder laid out
// like a checkout, against the devnet its own `npx alvh devnet` block starts (stopped at the end). See
// readmeBlocks.ts for the markers. Ports are replaced by free ones; nothing else in the commands is changed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadmeWorkspace } from "./ReadmeWorkspace.ts";
import { readmeBlocks } from "./readmeBlocks.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dataDir = path.resolve(repo, "..", "shared", "data");
const blocks = readmeBlocks(readFileSync(path.join(repo, "README.md"), "utf8"));
const BLOCK_TIMEOUT = 240_000;

let ws: ReadmeWorkspace;

beforeAll(async () => {
  ws = await ReadmeWorkspace.create(repo, dataDir);
});

afterAll(async () => {
  await ws?.close();
});

describe("README walkthroughs run as written", () => {
  it("marks every shell block (run, fails, start or skip)", () => {
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.filter((b) => b.mode !== "skip").length).toBeGreaterThan(5);
  });

  for (const block of blocks) {
    if (block.mode === "skip") continue;
    const first = block.code.split("\n").find((l) => l.trim() !== "" && !l.trim().startsWith("#")) ?? "";
    const title = `README:${block.line} (${block.heading}) ${first.slice(0, 70)}`;
    it(title, { timeout: BLOCK_TIMEOUT + 15_000 }, async (ctx) => {
      if (block.attrs.needs === "data" && !ws.hasData) ctx.skip(); // no shared market data on this machine
      const expectRe = block.attrs.expect === undefined ? undefined : new RegExp(block.attrs.expect);
      if (block.mode === "start") {
        const ready = new RegExp(block.attrs.ready ?? "ready");
        const r = await ws.start(block.attrs.name ?? `line-${block.line}`, block.code, ready, BLOCK_TIMEOUT);
        expect(r.code, r.output).toBe(0);
        return;
      }
      const r = await ws.run(block.code, BLOCK_TIMEOUT);
      if (block.mode === "fails") expect(r.code, `expected a refusal:\n${r.output}`).not.toBe(0);
      else expect(r.code, r.output).toBe(0);
      if (expectRe) expect(r.output).toMatch(expectRe);
    });
  }
});
