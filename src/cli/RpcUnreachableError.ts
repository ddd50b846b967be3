import { BaseError } from "../errors/BaseError.ts";

/** The JSON-RPC endpoint did not answer. */
export class RpcUnreachableError extends BaseError {
  override name = "RpcUnreachableError";
  constructor(url: string, cause?: unknown) {
    super(`Cannot reach the RPC at ${url}`, { cause, metaMessages: ["Start a node or pass --rpc <url>."] });
  }
}
