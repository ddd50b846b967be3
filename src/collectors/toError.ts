import { MissingReadError } from "./MissingReadError.ts";

/** A rejection reason as an Error (collectors report failed reads per item as values, never as strings). */
export function toError(reason: unknown): Error {
  return reason instanceof Error
    ? reason
    : new MissingReadError("The read failed without an error.", { cause: reason });
}
