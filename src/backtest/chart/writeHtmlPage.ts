import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { escapeHtml } from "./escapeHtml.ts";

/**
 * Writes one self-contained HTML page (no external assets) of the backtester's charts: `title`, an `<h2>`
 * `heading` (both escaped) and `body` (markup as given), creating the folder. Returns the absolute path.
 */
export function writeHtmlPage(out: string, title: string, heading: string, body: readonly string[]): string {
  const html = [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>`,
    "<style>body{font-family:sans-serif;margin:20px;color:#222}pre{font-size:12px;background:#f6f6f6;padding:10px}</style>",
    "</head><body>",
    `<h2>${escapeHtml(heading)}</h2>`,
    ...body,
    "</body></html>",
    "",
  ].join("\n");
  const file = path.resolve(out);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, html);
  return file;
}
