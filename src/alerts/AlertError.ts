import { BaseError } from "../errors/BaseError.ts";

/** An alert channel is misconfigured (missing environment variable, bad URL); names the channel, never the secret. */
export class AlertConfigError extends BaseError {
  override name = "AlertConfigError";
}

/** A channel refused or did not answer a delivery (retried with backoff until it gives up). */
export class AlertDeliveryError extends BaseError {
  override name = "AlertDeliveryError";
}
