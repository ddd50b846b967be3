import { BaseError } from "../errors/BaseError.ts";

/** A tick's RPC budget ran out: in-flight requests were aborted and no retry was started. */
export class RpcDeadlineError extends BaseError {
  override name = "RpcDeadlineError";
  constructor(method: string, deadlineMs: number, cause?: unknown) {
    super(`RPC deadline of ${deadlineMs} ms passed`, { metaMessages: [`method: ${method}`], cause });
  }
}
