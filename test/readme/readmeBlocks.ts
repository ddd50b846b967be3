/**
 * The README's runnable walkthrough, as blocks. Every fenced `sh` block carries a marker comment on the line(s)
 * before it, so nothing is guessed:
 *
 *   <!-- readme-test: run -->                           run it; it must exit 0
 *   <!-- readme-test: run expect="voted for" -->        … and its output must match the regular expression
 *   <!-- readme-test: fails expect="No voting power" --> it must exit non-zero with that output (a documented refusal)
 *   <!-- readme-test: start name="devnet" ready="devnet: ready" -->  long-running: start in the background and wait
 *                                                        for `ready`; a later `start` with the same name replaces it
 *   <!-- readme-test: skip reason="needs a live network" -->  documented, not run (placeholders, external services)
 *
 * `needs="data"` on any marker: only when the shared market data folder exists (else the block is skipped).
 */
export type ReadmeBlockMode = "run" | "fails" | "start" | "skip";

export type ReadmeBlock = {
  /** 1-based line of the opening fence. */
  line: number;
  mode: ReadmeBlockMode;
  attrs: Record<string, string>;
  code: string;
  /** The nearest heading above the block. */
  heading: string;
};

const MARKER = /^<!--\s*readme-test:\s*(run|fails|start|skip)\b(.*?)-->\s*$/;
const ATTR = /(\w+)="([^"]*)"/g;

/** Thrown when a shell block has no marker, or a marker no block. */
export class ReadmeMarkerError extends Error {
  override name = "ReadmeMarkerError";
}

/** Parses the README's fenced shell blocks and their markers; throws `ReadmeMarkerError` on an unmarked block. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split("\n");
  const blocks: ReadmeBlock[] = [];
  let heading = "";
  let pending: { mode: ReadmeBlockMode; attrs: Record<string, string>; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    if (text.startsWith("#")) heading = text.replace(/^#+\s*/, "");
    const marker = MARKER.exec(text.trim());
    if (marker) {
      const attrs: Record<string, string> = {};
      for (const m of (marker[2] ?? "").matchAll(ATTR)) attrs[m[1] as string] = m[2] as string;
      pending = { mode: marker[1] as ReadmeBlockMode, attrs, line: i + 1 };
      continue;
    }
    const fence = /^```(\w*)\s*$/.exec(text);
    if (!fence) {
      // other HTML comments (e.g. another test's block markers) may sit between a marker and its block
      if (pending && text.trim() !== "" && !/^<!--.*-->$/.test(text.trim())) {
        throw new ReadmeMarkerError(`README:${pending.line}: a readme-test marker must be followed by a code block`);
      }
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) body.push(lines[i] as string);
    const lang = fence[1] ?? "";
    if (lang !== "sh" && lang !== "bash") {
      pending = undefined;
      continue;
    }
    if (!pending) {
      throw new ReadmeMarkerError(
        `README:${start + 1}: shell block without a readme-test marker (run, fails, start or skip)`,
      );
    }
    blocks.push({ line: start + 1, mode: pending.mode, attrs: pending.attrs, code: body.join("\n"), heading });
    pending = undefined;
  }
  return blocks;
}
