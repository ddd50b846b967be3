/**
 * The per-tick RPC deadline shared by a keeper's transport: `run(fn)` gives the tick `deadlineMs`; when it
 * passes, in-flight requests are aborted and no retry starts, so a tick under faults ends (with an error)
 * instead of hanging. Outside `run` requests have no deadline.
 */
export class TickBudget {
  readonly deadlineMs: number;
  #controller: AbortController | undefined;

  constructor(deadlineMs: number) {
    this.deadlineMs = deadlineMs;
  }

  get signal(): AbortSignal | undefined {
    return this.#controller?.signal;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.deadlineMs);
    this.#controller = controller;
    try {
      return await fn();
    } finally {
      clearTimeout(timer);
      if (this.#controller === controller) this.#controller = undefined;
    }
  }
}
