/** Narrows away undefined/null in tests, failing loudly with `what`. */
export function must<T>(value: T | undefined | null, what = "value"): T {
  if (value === undefined || value === null) throw new TypeError(`expected ${what} to be present`);
  return value;
}
