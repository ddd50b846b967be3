import { CliInputError } from "./CliInputError.ts";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration such as `500ms`, `2s`, `90s`, `15m`, `3h`, `1d` or `1h30m` into milliseconds; a bare
 * number means seconds. Throws `CliInputError` naming the option otherwise.
 */
export function parseDuration(text: string, option: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== t) {
    throw new CliInputError(`${option}: "${text}" is not a duration`, {
      metaMessages: ["examples: 90s, 15m, 3h, 1h30m, 500ms (a bare number is seconds)"],
    });
  }
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] as string] ?? 0), 0));
}
