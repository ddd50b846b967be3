import { BaseError } from "../errors/BaseError.ts";

export type ConfigIssue = { field: string; message: string };

/** The keeper config is unreadable or invalid; every issue names the offending field (e.g. `books[0].account`). */
export class KeeperConfigError extends BaseError {
  override name = "KeeperConfigError";
  readonly issues: ConfigIssue[];

  constructor(source: string, issues: ConfigIssue[], cause?: unknown) {
    super(`Invalid keeper config ${source}`, {
      metaMessages: issues.map((i) => `${i.field}: ${i.message}`),
      cause,
    });
    this.issues = issues;
  }
}
