/** Why a book is not protected right now. */
export type UnprotectedReason =
  /** Oracle or venue data older than the policy's maxStaleness (or unreadable): the keeper cannot decide. */
  | "stale-data"
  /** The Layer-3 EmergencyModule call failed, was refused or not mined (nothing more is done this tick). */
  | "module-failed"
  /** The keeper refused to start on this book's config (or its store). */
  | "config-refused";

/** One alert: a book the keeper cannot protect at the moment, and why. */
export type UnprotectedEvent = {
  book: string;
  reason: UnprotectedReason;
  /** One line for a human (what is wrong, with numbers). */
  message: string;
  /** Age of the data in seconds (stale-data). */
  ageSec?: number | undefined;
  /** Block of the tick (absent for config-refused). */
  block?: bigint | undefined;
  /** Unix ms. */
  at: number;
};

/**
 * The alert hook in the keeper options: a plain callback, called synchronously once per event. Delivery
 * (pager, chat, mail) is the caller's; a throwing or rejecting hook is logged and never stops a tick.
 */
export type OnUnprotected = (event: UnprotectedEvent) => void | Promise<void>;
