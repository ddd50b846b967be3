/**
 * JSON that round-trips bigint: a bigint is written as the string "<digits>n" (e.g. "1000000000000000000n").
 * Used for evidence and plans stored in SQLite, so amounts stay exact.
 */
const BIG = /^-?\d+n$/;

export function toJson(value: unknown, space?: number): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v), space);
}

export function fromJson<T = unknown>(text: string): T {
  return JSON.parse(text, (_k, v) => (typeof v === "string" && BIG.test(v) ? BigInt(v.slice(0, -1)) : v)) as T;
}
