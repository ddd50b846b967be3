import { BaseError } from "../errors/BaseError.ts";

/** No usable signing key: none configured, unreadable keystore, wrong password or malformed key. Never holds the secret. */
export class SignerError extends BaseError {
  override name = "SignerError";
  constructor(shortMessage: string, args: { cause?: unknown; hint?: string } = {}) {
    // The cause's message is dropped on purpose when it could echo key material; callers pass safe causes only.
    super(shortMessage, { cause: args.cause, metaMessages: args.hint ? [args.hint] : undefined });
  }
}
