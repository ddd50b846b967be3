import { BaseError } from "../errors/BaseError.ts";

/** A policy file cannot be read or does not match the human policy format (field path and expectation named). */
export class PolicyFileError extends BaseError {
  override name = "PolicyFileError";
  /** JSON path of the offending field, e.g. `layers[1].marginBuffer` (empty for file-level problems). */
  readonly path: string;

  constructor(message: string, args: { path?: string; file?: string; cause?: unknown; hint?: string } = {}) {
    const where = [args.file, args.path].filter(Boolean).join(": ");
    super(where ? `${where}: ${message}` : message, {
      cause: args.cause,
      metaMessages: args.hint ? [args.hint] : undefined,
    });
    this.path = args.path ?? "";
  }
}
