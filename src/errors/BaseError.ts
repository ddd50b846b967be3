/** Root of every error this project throws: a short message, optional details, and the `cause`. */
export type BaseErrorParameters = {
  details?: string | undefined;
  cause?: unknown;
  /** Extra lines printed after the message (e.g. the offending field or value). */
  metaMessages?: string[] | undefined;
};

export class BaseError extends Error {
  override name = "AlvhError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: string[];

  constructor(shortMessage: string, args: BaseErrorParameters = {}) {
    // A wrapped project error hands on its details, or else its own short message (never nothing: wrapping a
    // CsvFormatError must still say which line is wrong).
    const details =
      args.details ??
      (args.cause instanceof BaseError ? (args.cause.details ?? args.cause.shortMessage) : errorMessage(args.cause));
    const lines = [shortMessage, ...(args.metaMessages ?? []), ...(details ? [`Details: ${details}`] : [])];
    super(lines.join("\n"), args.cause === undefined ? undefined : { cause: args.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = args.metaMessages ?? [];
  }
}

function errorMessage(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (cause instanceof Error) return (cause as { shortMessage?: string }).shortMessage ?? cause.message;
  return String(cause);
}
