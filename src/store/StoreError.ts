import { BaseError } from "../errors/BaseError.ts";

/** The keeper's SQLite store failed (open, migrate, or a broken invariant such as an unknown proposal). */
export class StoreError extends BaseError {
  override name = "StoreError";
}
