import { describe, expect, it } from "vitest";
import { ReadmeMarkerError, readmeBlocks } from "./readmeBlocks.ts";

const md = [
  "# Title",
  '<!-- readme-test: run expect="ok" -->',
  "```sh",
  "echo ok",
  "```",
  "## Devnet",
  '<!-- readme-test: start name="devnet" ready="ready" needs="data" -->',
  "```sh",
  "npx alvh devnet",
  "```",
  "```json",
  "{}",
  "```",
].join("\n");

describe("README block markers", () => {
  it("reads each shell block with its mode, attributes, line and heading; ignores other languages", () => {
    const blocks = readmeBlocks(md);
    expect(blocks).toEqual([
      { line: 3, mode: "run", attrs: { expect: "ok" }, code: "echo ok", heading: "Title" },
      {
        line: 8,
        mode: "start",
        attrs: { name: "devnet", ready: "ready", needs: "data" },
        code: "npx alvh devnet",
        heading: "Devnet",
      },
    ]);
  });

  it("refuses an unmarked shell block, naming its line", () => {
    expect(() => readmeBlocks("text\n```sh\nnpm test\n```")).toThrow(ReadmeMarkerError);
    expect(() => readmeBlocks("text\n```sh\nnpm test\n```")).toThrow(/README:2/);
  });

  it("refuses a marker that is not followed by a block", () => {
    expect(() => readmeBlocks("<!-- readme-test: run -->\nsome prose\n```sh\nx\n```")).toThrow(/README:1/);
  });
});
